#!/bin/sh
# depinctl under valgrind, for running the shell tests with it: copied into a
# folder as "depinctl" (the completion test runs the depinctl next to
# $DEPINCTL), then
#   make check TESTS="tests/cli/key.sh ..." DEPINCTL_UNDER_TEST=FOLDER/depinctl
# with VALGRIND_BINARY naming the depinctl to run and VALGRIND_LOGS a folder.
# Each run writes VALGRIND_LOGS/vg.PID; valgrind writes nothing there unless
# it found an invalid access, an uninitialised read or a definite / indirect
# leak, so a non-empty log is a finding (.ci/run fails on one).
: "${VALGRIND_BINARY:?VALGRIND_BINARY must name the depinctl binary}"
: "${VALGRIND_LOGS:?VALGRIND_LOGS must name a folder for the logs}"
exec valgrind -q --log-file="$VALGRIND_LOGS/vg.%p" --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	"$VALGRIND_BINARY" "$@"
