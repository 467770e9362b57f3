#!/bin/sh
# clang-tidy (checks in the top-level .clang-tidy) over the library sources
# (src/ wallet/ chains/), as CI runs it:
#   tests/analysis/clang-tidy.sh [BUILDDIR]
# BUILDDIR holds config.h (default: the source tree). Two files at a time;
# exits non-zero on any finding (WarningsAsErrors: '*').
set -eu
cd "$(dirname "$0")/../.."
build=$(cd "${1:-.}" && pwd)
[ -f "$build/config.h" ] || { echo "clang-tidy.sh: no config.h in '$build' (run configure first)" >&2; exit 2; }
tidy=$(command -v clang-tidy || command -v clang-tidy-14 || true)
[ -n "$tidy" ] || { echo "clang-tidy.sh: clang-tidy not found (Debian: apt-get install clang-tidy)" >&2; exit 2; }
pkgs="ncursesw libcurl libcjson libsecp256k1 libsodium readline sqlite3 libcrypto inih"
flags="-std=gnu11 -I$build -I$(pwd)/src -I$(pwd) $(pkg-config --cflags $pkgs) -DPKGDATADIR=\\\\\\\"/usr/share/depinctl\\\\\\\""
# a compilation database for the files, so clang-tidy compiles each as make does
# tests/analysis/skip lists files left out for now, each with the reason.
skip=$(sed -n 's/^\([^#][^ ]*\).*/\1/p' tests/analysis/skip)
files=$(find src wallet chains ui -name '*.c' | sort | grep -vxF "$skip")
db="$build/tidy-db"
mkdir -p "$db"
{
	echo "["
	sep=""
	for f in $files; do
		printf '%s{"directory": "%s", "file": "%s", "command": "cc %s -c %s"}\n' "$sep" "$(pwd)" "$f" "$flags" "$f"
		sep=","
	done
	echo "]"
} >"$db/compile_commands.json"
echo "$files" | xargs -P "$(nproc 2>/dev/null || echo 2)" -n 4 "$tidy" --quiet -p "$db" >"$build/clang-tidy.log" 2>&1 && rc=0 || rc=$?
grep -E 'warning:|error:' "$build/clang-tidy.log" | sort -u || true
if [ "$rc" != 0 ]; then
	echo "clang-tidy.sh: findings above (full output: $build/clang-tidy.log)" >&2
	exit 1
fi
echo "clang-tidy.sh: clean"
