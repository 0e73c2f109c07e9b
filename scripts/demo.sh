#!/usr/bin/env bash
# The main job, end to end, on a fresh Debian bookworm machine (as root):
# installs packages, builds accord, starts a throwaway standalone Samba server
# on loopback, then runs `accord plan` and `accord apply` on
# examples/users.yaml against it. The server keeps running afterwards so you
# can look around; stop it with: tests/samba/server stop standalone
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

scripts/install-deps.sh
cmake -S . -B build -DACCORD_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)" --target accord >/dev/null
tests/samba/server start standalone

# The example file takes its passwords from the environment; make some up
# (they satisfy Windows complexity rules) unless the caller set them.
genpw() { printf 'Ac%s#9' "$(openssl rand -hex 8)"; }
while read -r var; do
	[ -n "${!var:-}" ] || export "$var=$(genpw)"
done < <(grep -o 'env: *[A-Z_][A-Z0-9_]*' examples/users.yaml | sed 's/env: *//' | sort -u)

# ... and the file secret beside the example (examples/secrets/ is ignored by git)
if [ ! -s examples/secrets/robert.pw ]; then
	mkdir -p -m 0700 examples/secrets
	(umask 077 && genpw >examples/secrets/robert.pw)
fi

export ACCORD_STATE=${ACCORD_STATE:-$top/build/demo-state.db}
run() {
	echo "+ accord $*"
	tests/samba/server exec standalone -- sh -c \
		'exec "$0" -s "$ACCORD_TEST_SERVER" -A "$ACCORD_TEST_AUTH" "$@"' \
		"$top/build/cmd/accord" "$@"
}
has_verb() { build/cmd/accord --help | grep -q "^  $1 "; }

if ! has_verb plan; then
	echo "demo: 'accord plan' does not exist yet in this build; showing what does:" >&2
	has_verb validate && run validate -f examples/users.yaml
	exit 0
fi
set +e
run plan -f examples/users.yaml --detailed-exitcode
rc=$?
set -e
[ $rc = 1 ] && exit 1
if ! has_verb apply; then
	echo "demo: 'accord apply' does not exist yet in this build" >&2
	exit 0
fi
run apply -f examples/users.yaml --auto-approve
echo "+ accord plan again: a converged server needs no changes"
run plan -f examples/users.yaml --detailed-exitcode
