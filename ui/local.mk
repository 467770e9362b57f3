# The dashboard (ncurses): event loop, fleet model, screens, widgets, keys,
# alerts, claims.
libdepinctl_a_SOURCES += ui/dash.h ui/dash.c ui/fleet.c ui/widgets.c ui/keymap.c ui/alert.c ui/claim.c \
	ui/screen-fleet.c ui/screen-device.c ui/screen-info.c ui/bench.c
TESTS += tests/cli/dash.sh tests/cli/dash-claim.sh
EXTRA_DIST += tests/cli/dash.sh tests/cli/dash-claim.sh ui/demo/README bench/dash.sh bench/dash-gen.py
dist_man_MANS += man/depinctl-dash.1

# The demo fleet: every ui/demo/NETWORK folder into $(pkgdatadir)/demo.
install-data-local: install-ui-demo
install-ui-demo:
	@for d in $(srcdir)/ui/demo/*/; do \
		n=`basename "$$d"`; \
		$(MKDIR_P) "$(DESTDIR)$(pkgdatadir)/demo/$$n" || exit 1; \
		for f in "$$d"*; do \
			[ -f "$$f" ] && { $(INSTALL_DATA) "$$f" "$(DESTDIR)$(pkgdatadir)/demo/$$n/" || exit 1; }; \
		done; \
	done
uninstall-local: uninstall-ui-demo
uninstall-ui-demo:
	rm -rf "$(DESTDIR)$(pkgdatadir)/demo"
.PHONY: install-ui-demo uninstall-ui-demo
check_PROGRAMS += ui/test-fleet
ui_test_fleet_LDADD = $(TEST_LDADD)
TESTS += ui/test-fleet

# Every demo folder goes into the tarball (whichever fragment lists it or not).
dist-hook: dist-ui-demo
dist-ui-demo:
	@for d in $(srcdir)/ui/demo/*/; do \
		n=`basename "$$d"`; \
		mkdir -p "$(distdir)/ui/demo/$$n" && chmod u+w "$(distdir)/ui/demo/$$n" || exit 1; \
		for f in "$$d"*; do \
			[ -f "$$f" ] && { rm -f "$(distdir)/ui/demo/$$n/`basename "$$f"`"; cp -p "$$f" "$(distdir)/ui/demo/$$n/" || exit 1; }; \
		done; \
	done
.PHONY: dist-ui-demo
