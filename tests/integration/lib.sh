# lib.sh: what the apply integration tests share. Sourced by apply_*.sh,
# which run inside `tests/samba/server exec PROFILE --` (ACCORD_TEST_* set).
#
#   ACCORD_BIN       the accord binary under test
#   ACCORD_NU_SHOW   tests/integration/nu_show (one account through netapi)
set -euo pipefail
export LC_ALL=C TZ=UTC

: "${ACCORD_TEST_SERVER:?run me through tests/samba/server exec PROFILE --}"
: "${ACCORD_TEST_AUTH:?}" "${ACCORD_TEST_PROFILE:?}" "${ACCORD_BIN:?}" "${ACCORD_NU_SHOW:?}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/accord-it.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
state=$tmp/state.db
samba_dir=${ACCORD_SAMBA_DIR:-/tmp/accord-samba}/$ACCORD_TEST_PROFILE
# every password the tests set satisfies the AD DC's complexity rules
export IT_PW1='Apply-Test-41x' IT_PW2='Apply-Test-42y'

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# accord against the test server with the test's own state database
accord() {
	"$ACCORD_BIN" -s "$ACCORD_TEST_SERVER" -A "$ACCORD_TEST_AUTH" --state "$state" "$@"
}
# The same in the background, with $! the accord process itself (not a
# subshell), so that tests can signal it and look for its pid.
accord_bg() { # OUT ERR ARGS...
	local out=$1 err=$2
	shift 2
	"$ACCORD_BIN" -s "$ACCORD_TEST_SERVER" -A "$ACCORD_TEST_AUTH" --state "$state" "$@" \
		>"$out" 2>"$err" &
}

# A JSON member of a one-line document: json_get FILE KEY (first match).
json_get() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    d=d[int(k)] if isinstance(d,list) else d[k]
print(d if not isinstance(d,bool) else str(d).lower())' "$1" "$2"
}

# Samba's own client tools, pointed at the test server.
client_conf() { [[ -f $samba_dir/client.conf ]] && echo "-s $samba_dir/client.conf"; }
net_rpc() { net $(client_conf) rpc -S "$ACCORD_TEST_SERVER" -A "$ACCORD_TEST_AUTH" "$@"; }
rpc() { rpcclient $(client_conf) -A "$ACCORD_TEST_AUTH" -c "$1" "$ACCORD_TEST_SERVER"; }

# pdbedit -v of one account on the standalone profile (its passdb, with
# the nss_wrapper files its smbd uses).
pdb() {
	LD_PRELOAD=libnss_wrapper.so NSS_WRAPPER_PASSWD=$samba_dir/nss/passwd \
	NSS_WRAPPER_GROUP=$samba_dir/nss/group \
	pdbedit -s "$samba_dir/smb.conf" -v -u "$1" 2>/dev/null
}

# RID of an account as Samba's rpcclient sees it; empty when absent.
rid_of() {
	rpc "lookupnames $1" 2>/dev/null | sed -n "s/^$1 S-1-5-21-[0-9-]*-\([0-9]*\) (User: 1)$/\1/p"
}

# Deletes the named accounts if present (a fresh start for this test).
drop_users() {
	local u
	for u in "$@"; do
		net_rpc user delete "$u" >/dev/null 2>&1 || true
	done
}

# One account through netapi (key=value lines), and one field of it.
nu_show() { "$ACCORD_NU_SHOW" "$ACCORD_TEST_SERVER" "$1"; }
nu_field() { nu_show "$1" | sed -n "s/^$2=//p"; }

expect_eq() { # WHAT GOT WANT
	[[ "$2" == "$3" ]] || fail "$1: got '$2', want '$3'"
}

sql() { sqlite3 -batch -noheader "$state" "$1"; }

# A desired-state file of COUNT accounts PREFIX000...: ACTION create (with
# the test password) or delete.
gen_users() { # PREFIX COUNT ACTION
	local i
	echo "version: 1"; echo "users:"
	for i in $(seq -w 0 $(($2 - 1))); do
		if [[ $3 == delete ]]; then echo "  - {name: $1$i, action: delete}"
		else echo "  - {name: $1$i, action: create, password: {env: IT_PW1}}"; fi
	done
}

# Waits (up to 30 s) until the state database holds COUNT results or PID ended.
wait_results() { # COUNT PID
	local _ got
	for _ in $(seq 600); do
		got=$(sql "SELECT count(*) FROM results" 2>/dev/null || echo 0)
		[[ ${got:-0} -ge $1 ]] && return 0
		kill -0 "$2" 2>/dev/null || return 0
		sleep 0.05
	done
}

# The accounts PREFIX000... (COUNT of them) that exist now, one a line.
# By lookupnames, not enumdomusers: Samba 4.17's shared rpcd_samr caches
# enumerations for 15 s, so a list can miss accounts made a moment ago.
existing_users() { # PREFIX COUNT
	local names
	names=$(seq -f "$1%03g" 0 $(($2 - 1)) | tr '\n' ' ')
	rpc "lookupnames $names" 2>/dev/null | sed -n "s/^\($1[0-9]*\) S-1-5-21-.*(User: 1)$/\1/p" | sort
}

# Clean start for COUNT accounts PREFIX000... (files del.yaml, big.yaml, a
# new state database), then applies big.yaml in the background as JSON to
# 1.json; returns once AFTER results are recorded. $pid is that accord.
big_apply_start() { # PREFIX COUNT AFTER
	gen_users "$1" "$2" delete >"$tmp/del.yaml"
	gen_users "$1" "$2" create >"$tmp/big.yaml"
	accord apply -f "$tmp/del.yaml" --auto-approve >/dev/null || fail "cleanup apply exited $?"
	rm -f "$state"*
	accord_bg "$tmp/1.json" "$tmp/1.err" --format json apply -f "$tmp/big.yaml" --auto-approve
	pid=$!
	wait_results "$3" $pid
}
