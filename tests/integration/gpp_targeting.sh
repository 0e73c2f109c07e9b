#!/bin/bash
# GPP item-level targeting and DOMAIN\name accounts against a real server:
# an item filtered to another computer changes nothing here (create, update,
# rename, delete, group membership); wildcards, not="1", AND/OR collections
# and unevaluable filters decide as documented (docs/targeting.md); the plan
# lists every item that is not for this host; OWNDOMAIN\name applies and
# converges, a foreign prefix is refused naming it. Every outcome is read
# back with Samba's own rpcclient, not with accord.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

users=(tgdel tgren tgrenb tgupd tgnew tgwild tgnot tgor tgand tgreg tgdom tgfold)
drop_users "${users[@]}"
trap 'drop_users "${users[@]}"; rm -rf "$tmp"' EXIT

# the server's own names, as Samba's client tools see them
me=$(rpc srvinfo | awk 'NR == 1 { print $1 }')
[[ -n $me ]] || fail "cannot read the server's NetBIOS name with rpcclient srvinfo"
if [[ $ACCORD_TEST_PROFILE == addc ]]; then own=$ACCORD_TEST_DOMAIN; else own=$me; fi
echo "server $me, own prefix $own"

for u in tgdel tgren tgupd tgwild tgnot tgor tgand tgreg tgdom tgfold; do
	net_rpc user add "$u" "$IT_PW1" >/dev/null || fail "cannot add $u with net rpc"
done

desc() { # the description of an account, as rpcclient reads it
	rpc "queryuser $1" | sed -n 's/^[[:space:]]*Description :[[:space:]]*//p'
}
exists() { [[ -n $(rid_of "$1") ]]; }
# Whether account $1 is in BUILTIN\Administrators, as rpcclient reads it.
is_admin() {
	local sid
	sid=$(rpc "lookupnames $1" | awk '{ print $2; exit }')
	rpc "queryuseraliases builtin $sid" | grep -q 'rid:\[0x220\]'
}

comp() { # FilterComputer NAME [not] [bool]
	printf '<FilterComputer bool="%s" not="%s" type="NETBIOS" name="%s"/>' "${3:-AND}" "${2:-0}" "$1"
}
user() { # NAME PROPS FILTERS
	printf '\t<User clsid="{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}" name="%s">\n' "$1"
	printf '\t\t<Properties %s/>\n\t\t<Filters>%s</Filters>\n\t</User>\n' "$2" "$3"
}
other=WS01
{
	echo '<?xml version="1.0" encoding="utf-8"?>'
	echo '<Groups clsid="{3125E937-EB16-4b4c-9934-544FC6D24D26}">'
	# for another computer: nothing of these may happen here
	user tgdel 'action="D" userName="tgdel"' "$(comp $other)"
	user tgren 'action="U" userName="tgren" newName="tgrenb"' "$(comp $other)"
	user tgupd 'action="U" userName="tgupd" description="for another host"' "$(comp $other)"
	user tgnew 'action="C" userName="tgnew" cpassword=""' "$(comp $other)"
	printf '\t<Group clsid="{6D4A79E4-529C-4481-ABD0-F5BD7EA93BA7}" name="Administrators (built-in)">\n'
	printf '\t\t<Properties action="U" groupName="Administrators (built-in)" groupSid="S-1-5-32-544">'
	printf '<Members><Member name="tgupd" action="ADD" sid=""/></Members></Properties>\n'
	printf '\t\t<Filters>%s</Filters>\n\t</Group>\n' "$(comp $other)"
	# for this host, by a wildcard, by not="1" and by an OR collection
	user tgwild 'action="U" userName="tgwild" description="wildcard"' "$(comp "${me:0:2}*")"
	user tgnot 'action="U" userName="tgnot" description="not other"' "$(comp $other 1)"
	user tgor 'action="U" userName="tgor" description="or"' \
		"$(comp $other)<FilterCollection bool=\"OR\" not=\"0\">$(comp "$me")</FilterCollection>"
	# not for this host: this host AND another one
	user tgand 'action="U" userName="tgand" description="and"' "$(comp "$me")$(comp $other 0 AND)"
	# a filter accord cannot evaluate: skipped unless opted in
	user tgreg 'action="U" userName="tgreg" description="registry"' \
		'<FilterRegistry bool="AND" not="0" type="KEYEXISTS" hive="HKEY_LOCAL_MACHINE" key="SOFTWARE\Lab"/>'
	# one account in two items, for every host and for this one: both
	# apply, in file order (the later wins per field)
	printf '\t<User clsid="{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}" name="tgfold">\n'
	printf '\t\t<Properties action="U" userName="tgfold" fullName="Fold" description="all hosts"/>\n\t</User>\n'
	user tgfold 'action="U" userName="tgfold" description="this host"' "$(comp "$me")"
	user tgfold 'action="U" userName="tgfold" description="another host"' "$(comp $other)"
	# the server's own prefix: the bare account
	printf '\t<User clsid="{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}" name="%s\\tgdom">\n' "$own"
	printf '\t\t<Properties action="U" userName="%s\\tgdom" description="own domain"/>\n\t</User>\n' "$own"
	echo '</Groups>'
} >"$tmp/Groups.xml"

accord plan -f "$tmp/Groups.xml" >"$tmp/plan.txt" 2>"$tmp/plan.err" ||
	fail "plan: $(cat "$tmp/plan.err")"
grep -q 'Not for this host' "$tmp/plan.txt" || fail "plan has no 'Not for this host' section"
for u in tgdel tgren tgupd tgnew tgand tgreg tgfold; do
	grep -q "^  - user \"$u\" (.*Groups.xml:" "$tmp/plan.txt" || fail "plan does not list $u as not for this host"
done
grep -q "^  - group \"Administrators\" " "$tmp/plan.txt" || fail "plan does not list the group item"
grep -q "user \"tgdel\" .*: delete item: FilterComputer NETBIOS 'WS01' (.*) excludes it: this host is '$me'" \
	"$tmp/plan.txt" || fail "the tgdel line does not name the filter and the host's value"
grep -q "user \"tgand\" .*FilterComputer NETBIOS 'WS01'.*excludes it" "$tmp/plan.txt" ||
	fail "tgand: the AND of this host and another is not excluded by the other"
grep -q "user \"tgreg\" .*FilterRegistry .*cannot be evaluated" "$tmp/plan.txt" ||
	fail "tgreg: no line for the unevaluable filter"
grep -q "warning.*tgreg.*FilterRegistry\|tgreg.*is skipped: FilterRegistry" "$tmp/plan.txt" ||
	fail "no warning naming the unevaluable filter and the item"
for u in tgwild tgnot tgor tgdom tgfold; do
	grep -q "# $u will be updated" "$tmp/plan.txt" || fail "plan does not update $u"
done
grep -q "user \"tgfold\" description: .*Groups.xml:[0-9]*:[0-9]* \"all hosts\" overridden by .*Groups.xml:[0-9]*:[0-9]* \"this host\"" \
	"$tmp/plan.txt" || fail "the plan does not list tgfold's two items as a conflict"
pass "plan: 8 items not for $me listed with their filter, 5 for it planned, one conflict"

accord apply -f "$tmp/Groups.xml" --auto-approve >"$tmp/apply.txt" 2>&1 ||
	fail "apply: $(cat "$tmp/apply.txt")"
exists tgdel || fail "tgdel was deleted on $me, by an item for $other"
exists tgren && ! exists tgrenb || fail "tgren was renamed on $me, by an item for $other"
exists tgnew && fail "tgnew was created on $me, by an item for $other"
expect_eq "tgupd description" "$(desc tgupd)" ""
is_admin tgupd && fail "tgupd was added to Administrators on $me, by an item for $other"
expect_eq "tgand description" "$(desc tgand)" ""
expect_eq "tgreg description" "$(desc tgreg)" ""
expect_eq "tgwild description" "$(desc tgwild)" "wildcard"
expect_eq "tgnot description" "$(desc tgnot)" "not other"
expect_eq "tgor description" "$(desc tgor)" "or"
expect_eq "tgdom description" "$(desc tgdom)" "own domain"
expect_eq "tgfold description" "$(desc tgfold)" "this host"
rpc "queryuser tgfold" | grep -q "Full Name   :[[:space:]]*Fold$" || fail "tgfold full name is not the first item's"
pass "apply: nothing done for $other; wildcard, not, OR and $own\\tgdom applied (rpcclient)"

accord plan -f "$tmp/Groups.xml" >"$tmp/plan2.txt" 2>&1 || fail "second plan: $(cat "$tmp/plan2.txt")"
grep -q '^No changes' "$tmp/plan2.txt" || fail "second plan is not empty: $(cat "$tmp/plan2.txt")"
grep -q 'Not for this host' "$tmp/plan2.txt" || fail "second plan no longer lists the excluded items"
rc=0
accord drift -f "$tmp/Groups.xml" >"$tmp/drift.txt" 2>&1 || rc=$?
expect_eq "drift exit code (no drift)" "$rc" 0
pass "converged: second plan empty, drift agrees"

# the explicit opt-in: the unevaluable filter counts as true
"$ACCORD_BIN" -s "$ACCORD_TEST_SERVER" -A "$ACCORD_TEST_AUTH" --state "$state" \
	--gpp-unknown-filters=match apply -f "$tmp/Groups.xml" --auto-approve >"$tmp/apply2.txt" 2>&1 ||
	fail "apply --gpp-unknown-filters=match: $(cat "$tmp/apply2.txt")"
expect_eq "tgreg description with --gpp-unknown-filters=match" "$(desc tgreg)" "registry"
expect_eq "tgdel still there with --gpp-unknown-filters=match" "$(rid_of tgdel | grep -c .)" 1
pass "--gpp-unknown-filters=match applies the registry item and nothing for $other"

# a foreign prefix is refused, naming it and the server; nothing changes
sed "s/$own\\\\tgdom\" description=\"own domain\"/OTHERDOM\\\\tgdom\" description=\"foreign\"/; s/name=\"$own\\\\tgdom\"/name=\"OTHERDOM\\\\tgdom\"/" \
	"$tmp/Groups.xml" >"$tmp/foreign.xml"
grep -q 'OTHERDOM\\tgdom' "$tmp/foreign.xml" || fail "test bug: foreign.xml has no OTHERDOM prefix"
rc=0
accord apply -f "$tmp/foreign.xml" --auto-approve >"$tmp/foreign.txt" 2>&1 || rc=$?
expect_eq "apply with a foreign prefix: exit code" "$rc" 1
grep -q "prefix 'OTHERDOM' is not this server" "$tmp/foreign.txt" || fail "no error naming the prefix: $(cat "$tmp/foreign.txt")"
grep -q "$me" "$tmp/foreign.txt" || fail "the error does not name the server $me"
grep -q 'foreign.xml:[0-9]*:[0-9]*' "$tmp/foreign.txt" || fail "the error has no position"
expect_eq "tgdom description after the refused apply" "$(desc tgdom)" "own domain"
pass "a foreign prefix is refused with its name, the server and a position; nothing changed"

# A saved plan is judged again at apply: an item whose targeting now
# selects otherwise (here the file changed; date and time filters move the
# same way with the clock) makes apply --plan refuse, naming the item.
desc_before=$(desc tgwild)
sed "s/description=\"wildcard\"/description=\"wildcard 2\"/" "$tmp/Groups.xml" >"$tmp/saved.xml"
accord plan -f "$tmp/saved.xml" >/dev/null 2>&1 || fail "plan of saved.xml"
p="P-$(sql 'SELECT max(id) FROM plans')"
sed -i "s/name=\"${me:0:2}\\*\"/name=\"$other\"/" "$tmp/saved.xml"
rc=0
accord apply --plan "$p" --auto-approve >"$tmp/saved.txt" 2>&1 || rc=$?
expect_eq "apply --plan after targeting moved: exit code" "$rc" 1
grep -q "user 'tgwild' (.*saved.xml:[0-9]*:[0-9]*) is no longer for this server: FilterComputer NETBIOS 'WS01'" \
	"$tmp/saved.txt" || fail "the refusal does not name the item and its filter: $(cat "$tmp/saved.txt")"
expect_eq "tgwild description after the refused apply" "$(desc tgwild)" "$desc_before"
# and the same plan applies when the files select as they did
sed "s/description=\"wildcard\"/description=\"wildcard 2\"/" "$tmp/Groups.xml" >"$tmp/saved.xml"
accord apply --plan "$p" --auto-approve >"$tmp/saved2.txt" 2>&1 || fail "apply --plan $p: $(cat "$tmp/saved2.txt")"
expect_eq "tgwild description after apply --plan" "$(desc tgwild)" "wildcard 2"
pass "apply --plan judges targeting again: refused when it moved, applied when it holds"
