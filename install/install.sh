#!/bin/sh
# Installs, upgrades or removes the AURA agent on a Linux host with systemd.
#
#   curl -fsSL http://SERVER:8080/install.sh | sudo sh -s -- --token AGENT_TOKEN
#
# The server fills in its own URL and the SHA-256 of every download below. The agent is the
# one-file bundle when Node >= 18.15 is installed, else the standalone binary; every download is
# checked against its SHA-256 before anything is installed. Running it again upgrades in place and
# keeps /etc/aura/agent.env. See docs/install.md.
set -eu

AURA_DEFAULT_SERVER=''
AURA_SUMS=''

SERVICE=aura-agent.service
AGENT_USER=aura-agent
ETC_DIR=/etc/aura
ENV_FILE=$ETC_DIR/agent.env
UNIT_DIR=/etc/systemd/system
STATE_DIR=/var/lib/aura-agent

DESTDIR=${DESTDIR:-}
PREFIX=/usr/local
SERVER=${AURA_SERVER:-$AURA_DEFAULT_SERVER}
TOKEN=${AURA_TOKEN:-}
TOKEN_FILE=
INTERVAL=
ACTION=install
DRY_RUN=0
FLAVOUR=auto
NODE_GIVEN=
NO_START=0
KEEP_DATA=0
TMP=

usage() {
	cat <<'EOF'
Usage: install.sh --token AGENT_TOKEN [options]      install or upgrade the AURA agent
       install.sh --uninstall [--keep-data]          remove everything the installer added

  --token T          agent token (or AURA_TOKEN; kept from agent.env when upgrading)
  --token-file F     read the token from a file
  --server URL       AURA server, http(s):// or ws(s):// (default: the server this came from)
  --interval 5s      sampling interval written to agent.env (default: the server's)
  --prefix DIR       where the agent goes: DIR/lib/aura-agent (default: /usr/local)
  --standalone       use the standalone binary even when Node is installed
  --node PATH        run the bundle with this Node (>= 18.15)
  --no-start         install and enable, but do not (re)start the service
  --dry-run          check the server and the token, print what would change, change nothing
  --uninstall        stop and remove the service, its files, its state and its user
  --keep-data        with --uninstall: keep the spool in /var/lib/aura-agent
  DESTDIR=DIR        stage everything under DIR (packaging): no user, no service started

Exit codes: 0 done, 1 failed (the message says why), 2 bad usage.
EOF
}

say() { printf 'aura-install: %s\n' "$*" >&2; }
die() {
	printf 'aura-install: error: %s\n' "$*" >&2
	exit 1
}
usage_error() {
	printf 'aura-install: %s (see --help)\n' "$*" >&2
	exit 2
}

# Run a command that changes the system, or print it under --dry-run.
run() {
	if [ "$DRY_RUN" -eq 1 ]; then
		say "would run: $*"
	else
		"$@"
	fi
}

# Report a change that was made (under --dry-run, run() has already printed the command).
note() {
	if [ "$DRY_RUN" -eq 0 ]; then say "$*"; fi
}

need_value() {
	if [ $# -lt 2 ] || [ -z "$2" ]; then usage_error "$1 needs a value"; fi
}

while [ $# -gt 0 ]; do
	case $1 in
	--token) need_value "$@"; TOKEN=$2; shift ;;
	--token=*) TOKEN=${1#*=} ;;
	--token-file) need_value "$@"; TOKEN_FILE=$2; shift ;;
	--token-file=*) TOKEN_FILE=${1#*=} ;;
	--server) need_value "$@"; SERVER=$2; shift ;;
	--server=*) SERVER=${1#*=} ;;
	--interval) need_value "$@"; INTERVAL=$2; shift ;;
	--interval=*) INTERVAL=${1#*=} ;;
	--prefix) need_value "$@"; PREFIX=$2; shift ;;
	--prefix=*) PREFIX=${1#*=} ;;
	--node) need_value "$@"; NODE_GIVEN=$2; shift ;;
	--node=*) NODE_GIVEN=${1#*=} ;;
	--standalone) FLAVOUR=standalone ;;
	--no-start) NO_START=1 ;;
	--dry-run) DRY_RUN=1 ;;
	--uninstall) ACTION=uninstall ;;
	--keep-data) KEEP_DATA=1 ;;
	-h | --help) usage; exit 0 ;;
	*) usage_error "unknown option \"$1\"" ;;
	esac
	shift
done

case $PREFIX in
/*) ;;
*) usage_error "--prefix must be an absolute path (example: --prefix /usr/local)" ;;
esac
case $PREFIX$DESTDIR in
*[!A-Za-z0-9/._-]*) usage_error "--prefix and DESTDIR may hold only letters, digits and / . _ - (got \"$DESTDIR$PREFIX\")" ;;
esac
PREFIX=${PREFIX%/}
LIB_DIR=$PREFIX/lib/aura-agent

cleanup() { [ -z "$TMP" ] || rm -rf "$TMP"; }
trap cleanup EXIT INT TERM

if [ "$DRY_RUN" -eq 0 ] && [ -z "$DESTDIR" ] && [ "$(id -u)" -ne 0 ]; then
	die "this installer must run as root (example: curl -fsSL SERVER/install.sh | sudo sh -s -- --token T), or with DESTDIR=DIR to stage files"
fi

# systemd: the host's manager, or `systemctl --root` into DESTDIR for packagers.
HAVE_SYSTEMCTL=0
command -v systemctl >/dev/null 2>&1 && HAVE_SYSTEMCTL=1
if [ -z "$DESTDIR" ] && [ "$NO_START" -eq 0 ]; then
	if [ "$HAVE_SYSTEMCTL" -eq 0 ] || [ ! -d /run/systemd/system ]; then
		die "systemd is not running on this host (PID 1 is $(cat /proc/1/comm 2>/dev/null || echo unknown)); run the agent yourself (docs/install.md: without systemd), or pass --no-start to only lay down the files"
	fi
fi

sha256() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1" | cut -d' ' -f1
	elif command -v shasum >/dev/null 2>&1; then
		shasum -a 256 "$1" | cut -d' ' -f1
	elif command -v openssl >/dev/null 2>&1; then
		openssl dgst -sha256 "$1" | sed 's/.*= *//'
	else
		die "no sha256sum, shasum or openssl on this host: cannot verify downloads"
	fi
}

# Remove DIR and its parents while they are empty: all of them inside a DESTDIR (the installer made
# them), on a live system only those below the standard directories.
prune() {
	d=$1
	while [ "$d" != / ] && [ -d "$DESTDIR$d" ] && [ -z "$(ls -A "$DESTDIR$d")" ]; do
		if [ -z "$DESTDIR" ]; then
			case $d in
			/etc | /etc/systemd | /etc/systemd/system | /opt | /usr | /usr/lib | /usr/local | /usr/local/lib | /var | /var/lib) return 0 ;;
			esac
		fi
		run rmdir "$DESTDIR$d"
		d=$(dirname "$d")
	done
}

# ---------------------------------------------------------------------------------------------
uninstall() {
	if [ "$HAVE_SYSTEMCTL" -eq 1 ]; then
		if [ -n "$DESTDIR" ]; then
			run systemctl --root="$DESTDIR" disable "$SERVICE" || true
		elif [ -d /run/systemd/system ]; then
			run systemctl disable --now "$SERVICE" || true
		fi
	fi
	for f in "$UNIT_DIR/$SERVICE" "$ENV_FILE"; do
		if [ -e "$DESTDIR$f" ]; then
			run rm -f "$DESTDIR$f"
			note "removed $f"
		fi
	done
	if [ -d "$DESTDIR$LIB_DIR" ]; then
		run rm -rf "$DESTDIR$LIB_DIR"
		note "removed $LIB_DIR"
	fi
	prune "$ETC_DIR"
	prune "$UNIT_DIR"
	prune "$(dirname "$LIB_DIR")"
	if [ "$KEEP_DATA" -eq 0 ]; then
		for d in "$STATE_DIR" "/var/lib/private/aura-agent"; do
			if [ -e "$DESTDIR$d" ]; then
				run rm -rf "$DESTDIR$d"
				note "removed $d"
			fi
		done
		prune /var/lib/private
		prune /var/lib
	fi
	if [ -z "$DESTDIR" ]; then
		if [ "$HAVE_SYSTEMCTL" -eq 1 ] && [ -d /run/systemd/system ]; then run systemctl daemon-reload; fi
		# Only the user this installer made (its comment says so), never one an admin created.
		if getent passwd "$AGENT_USER" 2>/dev/null | cut -d: -f5 | grep -qx 'AURA agent'; then
			run userdel "$AGENT_USER"
			note "removed user $AGENT_USER"
		fi
	fi
	if [ "$DRY_RUN" -eq 1 ]; then say "dry run: nothing was changed"; else say "the AURA agent is uninstalled"; fi
}

if [ "$ACTION" = uninstall ]; then
	uninstall
	exit 0
fi

# ---------------------------------------------------------------------------------------------
# What to install with: the existing configuration is kept on upgrade.
if [ -n "$TOKEN_FILE" ]; then
	[ -r "$TOKEN_FILE" ] || die "--token-file: cannot read $TOKEN_FILE"
	TOKEN=$(tr -d ' \t\r\n' <"$TOKEN_FILE")
fi
KEEP_ENV=0
if [ -z "$TOKEN" ] && [ -f "$DESTDIR$ENV_FILE" ]; then
	TOKEN=$(sed -n 's/^AURA_TOKEN=//p' "$DESTDIR$ENV_FILE" | tail -n 1)
	[ -n "$SERVER" ] || SERVER=$(sed -n 's/^AURA_SERVER=//p' "$DESTDIR$ENV_FILE" | tail -n 1)
	if [ -n "$TOKEN" ]; then
		KEEP_ENV=1
		say "upgrading: keeping the token and settings in $ENV_FILE"
	fi
fi
[ -n "$TOKEN" ] || usage_error "an agent token is required: --token T, --token-file F or AURA_TOKEN (the server printed it on first start; or: aura token create --kind agent)"
[ ${#TOKEN} -ge 16 ] || die "the token is too short (${#TOKEN} characters; agent tokens have at least 16)"
case $TOKEN in
*[!A-Za-z0-9_.~+/=-]*) die "the token holds characters this installer will not write into an env file (letters, digits and _ . ~ + / = - only)" ;;
esac
[ -n "$SERVER" ] || usage_error "which server? pass --server http://SERVER:8080 (or fetch this script from the server: SERVER/install.sh)"
SERVER=${SERVER%/}
case $SERVER in
http://* | ws://*) HTTP_URL=http://${SERVER#*://}; WS_URL=ws://${SERVER#*://} ;;
https://* | wss://*) HTTP_URL=https://${SERVER#*://}; WS_URL=wss://${SERVER#*://} ;;
*) usage_error "--server must start with http://, https://, ws:// or wss:// (got \"$SERVER\")" ;;
esac
case $HTTP_URL in
*[!A-Za-z0-9:/.\[\]_-]*) usage_error "--server holds unexpected characters: \"$SERVER\" (example: --server http://monitor.example.com:8080)" ;;
esac
case $INTERVAL in
'' | [0-9]*[smh] | [0-9]*ms) ;;
*) usage_error "--interval: \"$INTERVAL\" is not a duration (example: --interval 5s)" ;;
esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/aura-install.XXXXXX")
chmod 700 "$TMP"
# The token goes in a header file, not on a command line every user can read with ps.
printf 'Authorization: Bearer %s\n' "$TOKEN" >"$TMP/auth"

# fetch PATH OUT: 0 ok, 4 not on the server; dies on anything else with the reason.
fetch() {
	url=$HTTP_URL$1
	if command -v curl >/dev/null 2>&1; then
		code=$(curl -sS -L --connect-timeout 10 --max-time 300 -o "$2" -w '%{http_code}' -H "@$TMP/auth" "$url" 2>"$TMP/err") ||
			die "cannot reach the AURA server at $HTTP_URL: $(tr '\n' ' ' <"$TMP/err")"
	elif command -v wget >/dev/null 2>&1; then
		if wget -q -T 10 -O "$2" --header="$(cat "$TMP/auth")" "$url" 2>"$TMP/err"; then
			code=200
		else
			rc=$?
			case $rc in
			6) code=401 ;;
			8) code=$(wget -S -q -T 10 -O /dev/null --header="$(cat "$TMP/auth")" "$url" 2>&1 | sed -n 's/^ *HTTP\/[0-9.]* \([0-9]*\).*/\1/p' | tail -n 1) ;;
			*) die "cannot reach the AURA server at $HTTP_URL (wget exit $rc)" ;;
			esac
		fi
	else
		die "neither curl nor wget is installed"
	fi
	case $code in
	200) return 0 ;;
	401) die "the server refused the agent token (HTTP 401): use the agent token (not the API token); create one with: aura token create --kind agent" ;;
	429) die "the server is rate-limiting this address after failed attempts (HTTP 429); wait a minute and retry" ;;
	404) return 4 ;;
	*) die "the server answered HTTP ${code:-?} for $1: $(head -c 300 "$2" 2>/dev/null)" ;;
	esac
}

# verify FILE NAME: the SHA-256 the server published for NAME must match.
verify() {
	want=$(printf '%s\n' "$AURA_SUMS" | awk -v n="$2" '$2 == n { print $1 }')
	[ -n "$want" ] || die "no SHA-256 for $2 from the server: refusing to install an unverified file"
	got=$(sha256 "$1")
	[ "$got" = "$want" ] || die "checksum mismatch for $2: expected $want, got $got (a proxy or a partial download?)"
}

if [ -z "$AURA_SUMS" ] || [ "$SERVER" != "$AURA_DEFAULT_SERVER" ]; then
	fetch /download/SHA256SUMS "$TMP/SHA256SUMS" || die "the server has no /download/SHA256SUMS: is $HTTP_URL an AURA server?"
	AURA_SUMS=$(cat "$TMP/SHA256SUMS")
fi

# Node >= 18.15 runs the bundle; else the standalone binary for this architecture.
node_ok() {
	v=$("$1" -p 'process.versions.node' 2>/dev/null) || return 1
	major=${v%%.*}
	rest=${v#*.}
	minor=${rest%%.*}
	[ "$major" -gt 18 ] || { [ "$major" -eq 18 ] && [ "$minor" -ge 15 ]; }
}
NODE_BIN=
if [ "$FLAVOUR" = auto ]; then
	for n in "$NODE_GIVEN" "$(command -v node 2>/dev/null || true)" /usr/bin/node /usr/local/bin/node; do
		if [ -n "$n" ] && [ -x "$n" ] && node_ok "$n"; then
			NODE_BIN=$n
			break
		fi
	done
	[ -z "$NODE_GIVEN" ] || [ "$NODE_BIN" = "$NODE_GIVEN" ] || die "--node $NODE_GIVEN is not a Node.js 18.15 or newer"
	if [ -n "$NODE_BIN" ]; then say "using Node $("$NODE_BIN" -p 'process.versions.node') at $NODE_BIN"; fi
fi
if [ -n "$NODE_BIN" ]; then
	AGENT_FILE=aura-agent.cjs
	EXEC="$NODE_BIN $LIB_DIR/aura-agent.cjs"
else
	case $(uname -m) in
	x86_64 | amd64) ARCH=x64 ;;
	aarch64 | arm64) ARCH=arm64 ;;
	*) die "no standalone agent for $(uname -m); install Node.js 18.15 or newer and run this again" ;;
	esac
	AGENT_FILE=aura-agent-linux-$ARCH
	EXEC="$LIB_DIR/aura-agent"
	say "Node.js 18.15+ not found: using the standalone agent ($AGENT_FILE)"
fi

fetch "/download/$AGENT_FILE" "$TMP/agent" ||
	die "the server has no $AGENT_FILE (HTTP 404); $([ -n "$NODE_BIN" ] && echo 'build the agent on the server: pnpm run build' || echo 'install Node.js 18.15 or newer on this host, or build the standalone agent on the server: node scripts/build-standalone-agent.mjs')"
verify "$TMP/agent" "$AGENT_FILE"
fetch /download/$SERVICE "$TMP/unit" || die "the server has no $SERVICE"
verify "$TMP/unit" "$SERVICE"
say "downloaded $AGENT_FILE and $SERVICE from $HTTP_URL (SHA-256 verified)"

# The unit runs what was installed; the rest of it is the server's copy, unchanged.
sed "s|^ExecStart=.*|ExecStart=$EXEC|" "$TMP/unit" >"$TMP/unit.out"
if [ "$KEEP_ENV" -eq 1 ]; then
	cp "$DESTDIR$ENV_FILE" "$TMP/env"
else
	{
		echo '# Written by the AURA installer. Read by systemd (EnvironmentFile=); keep it mode 0600.'
		echo "AURA_SERVER=$WS_URL"
		echo "AURA_TOKEN=$TOKEN"
		[ -z "$INTERVAL" ] || echo "AURA_INTERVAL=$INTERVAL"
		# Settings an admin added by hand survive a reinstall with a new token.
		[ ! -f "$DESTDIR$ENV_FILE" ] || grep -v -e '^#' -e '^AURA_SERVER=' -e '^AURA_TOKEN=' -e '^AURA_INTERVAL=' "$DESTDIR$ENV_FILE" || true
	} >"$TMP/env"
fi

# place SRC DEST MODE: atomically (a temporary name, then rename), owned by root.
place() {
	run mkdir -p "$(dirname "$DESTDIR$2")"
	run cp "$1" "$DESTDIR$2.new"
	run chmod "$3" "$DESTDIR$2.new"
	if [ "$(id -u)" -eq 0 ]; then run chown 0:0 "$DESTDIR$2.new"; fi
	run mv -f "$DESTDIR$2.new" "$DESTDIR$2"
	note "installed $2 (mode $3)"
}

if [ -z "$DESTDIR" ] && ! getent passwd "$AGENT_USER" >/dev/null 2>&1; then
	if command -v useradd >/dev/null 2>&1; then
		run useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin --comment 'AURA agent' "$AGENT_USER"
	elif command -v adduser >/dev/null 2>&1; then
		run adduser --system --group --no-create-home --home /nonexistent --shell /usr/sbin/nologin --gecos 'AURA agent' "$AGENT_USER"
	else
		die "neither useradd nor adduser is installed: cannot create the $AGENT_USER user"
	fi
	note "created system user $AGENT_USER"
elif [ -n "$DESTDIR" ]; then
	say "DESTDIR install: the $AGENT_USER system user is left to the package's scripts (e.g. useradd --system $AGENT_USER)"
fi

[ -d "$DESTDIR$ETC_DIR" ] || run mkdir -p -m 0755 "$DESTDIR$ETC_DIR"
place "$TMP/env" "$ENV_FILE" 0600
if [ -n "$NODE_BIN" ]; then
	place "$TMP/agent" "$LIB_DIR/aura-agent.cjs" 0644
	[ ! -e "$DESTDIR$LIB_DIR/aura-agent" ] || run rm -f "$DESTDIR$LIB_DIR/aura-agent"
else
	place "$TMP/agent" "$LIB_DIR/aura-agent" 0755
	[ ! -e "$DESTDIR$LIB_DIR/aura-agent.cjs" ] || run rm -f "$DESTDIR$LIB_DIR/aura-agent.cjs"
fi
place "$TMP/unit.out" "$UNIT_DIR/$SERVICE" 0644

if [ "$HAVE_SYSTEMCTL" -eq 1 ]; then
	if [ -n "$DESTDIR" ]; then
		run systemctl --root="$DESTDIR" enable "$SERVICE"
	else
		run systemctl daemon-reload
		run systemctl enable "$SERVICE"
		if [ "$NO_START" -eq 0 ]; then
			run systemctl restart "$SERVICE"
			note "started $SERVICE: journalctl -u aura-agent -f shows its log"
		fi
	fi
fi
if [ "$DRY_RUN" -eq 1 ]; then
	say "dry run: nothing was changed"
else
	say "done: the agent streams to $WS_URL"
fi
