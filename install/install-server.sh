#!/bin/sh
# Installs the AURA server as a systemd service from a built checkout or release directory:
#
#   git clone … /opt/aura && cd /opt/aura && node scripts/setup.mjs && sudo install/install-server.sh
#
# It runs the server from that directory (it does not copy it), as the `aura` user, with its data in
# /var/lib/aura. On a first install it creates an agent token and an API token and prints them once.
# Running it again upgrades (rebuild first) and restarts. See docs/install.md.
set -eu

SERVICE=aura-server.service
USER_NAME=aura
ETC_DIR=/etc/aura
ENV_FILE=$ETC_DIR/server.env
UNIT_DIR=/etc/systemd/system
DATA_DIR=/var/lib/aura
BIN_DIR=/usr/local/bin

DESTDIR=${DESTDIR:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=8080
ACTION=install
DRY_RUN=0
NO_START=0
PURGE=0
NODE_GIVEN=

usage() {
	cat <<'EOF'
Usage: install-server.sh [--port 8080] [--node PATH] [--no-start] [--dry-run]
       install-server.sh --uninstall [--purge]

  --port N       port written to /etc/aura/server.env on a first install (AURA_PORT)
  --node PATH    the Node.js (>= 20.18) to run the server with (default: node on PATH)
  --no-start     install and enable, but do not (re)start
  --dry-run      print what would change, change nothing
  --uninstall    stop and remove the service, the aura command and server.env; keep the data
  --purge        with --uninstall: also delete /var/lib/aura (every host's history) and the user
  DESTDIR=DIR    stage the unit, env file and command under DIR (packaging)
EOF
}

say() { printf 'aura-install-server: %s\n' "$*" >&2; }
die() {
	printf 'aura-install-server: error: %s\n' "$*" >&2
	exit 1
}
usage_error() {
	printf 'aura-install-server: %s (see --help)\n' "$*" >&2
	exit 2
}
run() {
	if [ "$DRY_RUN" -eq 1 ]; then say "would run: $*"; else "$@"; fi
}
note() {
	if [ "$DRY_RUN" -eq 0 ]; then say "$*"; fi
}

while [ $# -gt 0 ]; do
	case $1 in
	--port)
		if [ $# -lt 2 ]; then usage_error "--port needs a value"; fi
		PORT=$2
		shift
		;;
	--port=*) PORT=${1#*=} ;;
	--node)
		if [ $# -lt 2 ]; then usage_error "--node needs a value"; fi
		NODE_GIVEN=$2
		shift
		;;
	--node=*) NODE_GIVEN=${1#*=} ;;
	--no-start) NO_START=1 ;;
	--dry-run) DRY_RUN=1 ;;
	--uninstall) ACTION=uninstall ;;
	--purge) PURGE=1 ;;
	-h | --help)
		usage
		exit 0
		;;
	*) usage_error "unknown option \"$1\"" ;;
	esac
	shift
done
case $PORT in
'' | *[!0-9]*) usage_error "--port: \"$PORT\" is not a port number (example: --port 8080)" ;;
esac
case $ROOT$DESTDIR in
*[!A-Za-z0-9/._-]*) die "the installation directory and DESTDIR may hold only letters, digits and / . _ - (got \"$ROOT\")" ;;
esac

if [ "$DRY_RUN" -eq 0 ] && [ -z "$DESTDIR" ] && [ "$(id -u)" -ne 0 ]; then
	die "this installer must run as root (example: sudo install/install-server.sh)"
fi
HAVE_SYSTEMCTL=0
command -v systemctl >/dev/null 2>&1 && HAVE_SYSTEMCTL=1
LIVE_SYSTEMD=0
if [ "$HAVE_SYSTEMCTL" -eq 1 ] && [ -d /run/systemd/system ]; then LIVE_SYSTEMD=1; fi
if [ -z "$DESTDIR" ] && [ "$NO_START" -eq 0 ] && [ "$LIVE_SYSTEMD" -eq 0 ]; then
	die "systemd is not running on this host (PID 1 is $(cat /proc/1/comm 2>/dev/null || echo unknown)); use the container image (deploy/) or run: aura serve --data /var/lib/aura"
fi

if [ "$ACTION" = uninstall ]; then
	if [ -n "$DESTDIR" ] && [ "$HAVE_SYSTEMCTL" -eq 1 ]; then
		run systemctl --root="$DESTDIR" disable "$SERVICE" || true
	elif [ "$LIVE_SYSTEMD" -eq 1 ]; then
		run systemctl disable --now "$SERVICE" || true
	fi
	for f in "$UNIT_DIR/$SERVICE" "$ENV_FILE" "$BIN_DIR/aura"; do
		if [ -e "$DESTDIR$f" ]; then
			run rm -f "$DESTDIR$f"
			note "removed $f"
		fi
	done
	if [ -d "$DESTDIR$ETC_DIR" ] && [ -z "$(ls -A "$DESTDIR$ETC_DIR")" ]; then run rmdir "$DESTDIR$ETC_DIR"; fi
	if [ "$LIVE_SYSTEMD" -eq 1 ] && [ -z "$DESTDIR" ]; then run systemctl daemon-reload; fi
	if [ "$PURGE" -eq 1 ]; then
		if [ -e "$DESTDIR$DATA_DIR" ]; then
			run rm -rf "$DESTDIR$DATA_DIR"
			note "deleted $DATA_DIR"
		fi
		if [ -z "$DESTDIR" ] && getent passwd "$USER_NAME" 2>/dev/null | cut -d: -f5 | grep -qx 'AURA server'; then
			run userdel "$USER_NAME"
			note "removed user $USER_NAME"
		fi
	elif [ -e "$DESTDIR$DATA_DIR" ]; then
		say "kept the data in $DATA_DIR (delete it with --uninstall --purge)"
	fi
	if [ -n "$DESTDIR" ]; then
		for d in "$UNIT_DIR" /etc/systemd /etc "$BIN_DIR" /usr/local /usr /var/lib /var; do
			if [ -d "$DESTDIR$d" ] && [ -z "$(ls -A "$DESTDIR$d")" ]; then run rmdir "$DESTDIR$d"; fi
		done
	fi
	say "the AURA server service is uninstalled"
	exit 0
fi

# A built installation: the server bundle, its dependencies and the agent bundle it serves.
[ -f "$ROOT/server/dist/cli.js" ] || die "$ROOT/server/dist/cli.js is missing: build first (node scripts/setup.mjs)"
[ -d "$ROOT/server/node_modules" ] || die "$ROOT/server/node_modules is missing: install first (node scripts/setup.mjs)"
[ -f "$ROOT/agent/dist/aura-agent.cjs" ] || say "warning: agent/dist/aura-agent.cjs is missing: /install.sh will have no agent to hand out"
case $ROOT in
/home/* | /root/* | /root)
	msg="$ROOT is under a home directory, which the service cannot see (ProtectHome=yes): put the installation in /opt/aura"
	if [ -z "$DESTDIR" ]; then die "$msg"; else say "warning: $msg"; fi
	;;
esac

NODE_BIN=${NODE_GIVEN:-$(command -v node 2>/dev/null || true)}
if [ -z "$NODE_BIN" ] || [ ! -x "$NODE_BIN" ]; then die "Node.js not found: install Node.js 20.18 or newer, or pass --node PATH"; fi
"$NODE_BIN" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=18)?0:1)' ||
	die "$NODE_BIN is Node $("$NODE_BIN" -p process.versions.node); the server needs 20.18 or newer"
CLI="$ROOT/server/dist/cli.js"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/aura-install-server.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
sed "s|^ExecStart=.*|ExecStart=$NODE_BIN $CLI serve --data $DATA_DIR|" "$ROOT/systemd/$SERVICE" >"$TMP/unit"
printf '#!/bin/sh\n# The aura command of the AURA server installed in %s.\nexec %s %s "$@"\n' "$ROOT" "$NODE_BIN" "$CLI" >"$TMP/aura"

FIRST=0
[ -f "$DESTDIR$ENV_FILE" ] || FIRST=1
{
	echo '# AURA server settings (docs/configuration.md); read by systemd. Tokens: aura token create.'
	echo "AURA_PORT=$PORT"
	echo "# AURA_CONFIG=/etc/aura/server.yaml"
	echo "# AURA_PUBLIC_URL=https://aura.example.com"
} >"$TMP/env"

place() {
	run mkdir -p "$(dirname "$DESTDIR$2")"
	run cp "$1" "$DESTDIR$2.new"
	run chmod "$3" "$DESTDIR$2.new"
	if [ "$(id -u)" -eq 0 ]; then run chown "0:$4" "$DESTDIR$2.new"; fi
	run mv -f "$DESTDIR$2.new" "$DESTDIR$2"
	note "installed $2 (mode $3)"
}

if [ -z "$DESTDIR" ] && ! getent passwd "$USER_NAME" >/dev/null 2>&1; then
	run useradd --system --user-group --no-create-home --home-dir "$DATA_DIR" --shell /usr/sbin/nologin --comment 'AURA server' "$USER_NAME"
	note "created system user $USER_NAME"
fi
GROUP=0
if [ -z "$DESTDIR" ]; then GROUP=$USER_NAME; fi

run mkdir -p "$DESTDIR$ETC_DIR"
if [ "$FIRST" -eq 1 ]; then place "$TMP/env" "$ENV_FILE" 0640 "$GROUP"; else say "upgrading: keeping $ENV_FILE"; fi
place "$TMP/unit" "$UNIT_DIR/$SERVICE" 0644 0
place "$TMP/aura" "$BIN_DIR/aura" 0755 0

if [ -z "$DESTDIR" ]; then
	# The data directory exists before the first start, so the tokens can be made now and shown once.
	if [ ! -d "$DATA_DIR" ]; then
		run mkdir -p -m 0750 "$DATA_DIR"
		run chown "$USER_NAME:$USER_NAME" "$DATA_DIR"
	fi
	if [ "$FIRST" -eq 1 ] && [ "$DRY_RUN" -eq 0 ]; then
		as_aura() { setpriv --reuid="$USER_NAME" --regid="$USER_NAME" --init-groups "$@"; }
		AGENT_TOKEN=$(as_aura "$NODE_BIN" "$CLI" token create --kind agent --name 'first agent token' --data "$DATA_DIR")
		API_TOKEN=$(as_aura "$NODE_BIN" "$CLI" token create --kind api --name 'first API token' --data "$DATA_DIR")
		say "created the first tokens (shown only now; only their hashes are stored):"
		printf '  agent token: %s\n  API token:   %s\n' "$AGENT_TOKEN" "$API_TOKEN"
	fi
	run systemctl daemon-reload
	run systemctl enable "$SERVICE"
	if [ "$NO_START" -eq 0 ]; then
		run systemctl restart "$SERVICE"
		note "started $SERVICE on port $PORT: journalctl -u aura-server -f"
		say "agents: curl -fsSL http://THIS-HOST:$PORT/install.sh | sudo sh -s -- --token AGENT_TOKEN"
	fi
elif [ "$HAVE_SYSTEMCTL" -eq 1 ]; then
	run systemctl --root="$DESTDIR" enable "$SERVICE"
fi
if [ "$DRY_RUN" -eq 1 ]; then say "dry run: nothing was changed"; else say "done"; fi
