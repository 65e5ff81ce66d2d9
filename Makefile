# sanctwatch: build, check, demo, fuzz.
#
#   make            build build/sanctwatchd and build/sanctwatch
#   make check      install missing Debian packages, build warning-free with
#                   -Werror, run unit and system tests, then all of them again
#                   under ASan+UBSan; ends with "N passed, N failed"
#   make demo       the daemon against bundled sample articles on local HTTP
#   make bench      benchmarks, side by side with their peers (scripts/bench-*)
#   make fuzz       libFuzzer harnesses (clang) into build/fuzz/
#   make check-valgrind  the system tests with the daemon under valgrind
#   make install    binaries, systemd unit, sysusers.d and tmpfiles.d snippets,
#                   example config (kept if present), schema, man pages, docs,
#                   bash completion under $(DESTDIR)$(PREFIX) (config under
#                   $(SYSCONFDIR)); make uninstall removes them all but the
#                   config, and the directories install made that are left
#                   empty
#   make clean      remove build/
#
# Objects go under $(BUILD); a sanitizer build is the same tree built with
# SANITIZE=1 into build/asan.

BUILD	?= build
PREFIX	?= /usr/local
DESTDIR	?=
SBINDIR	?= $(PREFIX)/sbin
BINDIR	?= $(PREFIX)/bin
SYSCONFDIR ?= /etc
UNITDIR	?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
DATADIR	?= $(PREFIX)/share/sanctwatch
MANDIR	?= $(PREFIX)/share/man
DOCDIR	?= $(PREFIX)/share/doc/sanctwatch
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
INSTALL	?= install
CC	?= cc
PKG_CONFIG ?= pkg-config

# Each tier is compiled with the flags of only the libraries it uses, so a
# stray #include of another tier's library fails to build; `make check`
# also checks the core library's undefined symbols (tests/check-tiers).
CORE_PKGS = yaml-0.1 jansson libxml-2.0 libutf8proc libcrypto
IMPORT_PKGS = libxml-2.0 jansson
DAEMON_PKGS = libevent libcurl sqlite3 jansson libnats
CLIENT_PKGS = $(sort $(CORE_PKGS) $(IMPORT_PKGS) sqlite3 libnats)
PKGS	 = $(sort $(CORE_PKGS) $(IMPORT_PKGS) $(DAEMON_PKGS))

OPT	?= -O2 -g
WARN	 = -Wall -Wextra -Wformat=2 -Wshadow -Wmissing-prototypes \
	   -Wstrict-prototypes -Wmissing-declarations -Wpointer-arith \
	   -Wcast-qual -Wsign-compare -Wundef -Wnull-dereference
ifeq ($(WERROR),1)
WARN	+= -Werror
endif
ifeq ($(SANITIZE),1)
OPT	 = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	   -fno-sanitize-recover=undefined
LDSAN	 = -fsanitize=address,undefined
endif

pkg_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pkg_libs = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null)
CORE_CFLAGS := $(call pkg_cflags,$(CORE_PKGS))
IMPORT_CFLAGS := $(call pkg_cflags,$(IMPORT_PKGS))
DAEMON_CFLAGS := $(call pkg_cflags,$(DAEMON_PKGS))
PKG_CFLAGS := $(call pkg_cflags,$(PKGS))
CORE_LIBS := $(call pkg_libs,$(CORE_PKGS)) -lm -pthread
CLIENT_CFLAGS := $(call pkg_cflags,$(CLIENT_PKGS))
CLIENT_LIBS := $(call pkg_libs,$(CLIENT_PKGS)) -lm -pthread
LIBS	:= $(call pkg_libs,$(PKGS)) -lm -pthread

CPPFLAGS += -D_GNU_SOURCE -Idaemon
BASE_CFLAGS = -std=c11 $(OPT) $(WARN) $(CPPFLAGS) $(CFLAGS) -MMD -MP
ALL_CFLAGS = $(BASE_CFLAGS) $(PKG_CFLAGS)
ALL_LDFLAGS = $(LDSAN) $(LDFLAGS)

# The tiers: daemon/core (the text library), daemon/import (the list
# importers), daemon/sanctwatchd (the daemon), daemon/client (sanctwatch).
CORE_SRCS = $(wildcard daemon/core/*.c)
IMPORT_SRCS = $(wildcard daemon/import/*.c)
DAEMON_SRCS = $(filter-out daemon/sanctwatchd/main.c, \
	   $(wildcard daemon/sanctwatchd/*.c))
CLIENT_SRCS = $(wildcard daemon/client/*.c)
obj	 = $(patsubst daemon/%.c,$(BUILD)/obj/%.o,$(1))
CORE_OBJS = $(call obj,$(CORE_SRCS)) $(BUILD)/obj/core/words.o \
	    $(BUILD)/obj/core/popnames.o $(BUILD)/obj/core/wordkeys.o
IMPORT_OBJS = $(call obj,$(IMPORT_SRCS))
DAEMON_OBJS = $(call obj,$(DAEMON_SRCS)) $(BUILD)/obj/sanctwatchd/schema.o
CLIENT_OBJS = $(call obj,$(CLIENT_SRCS))
CORE_LIB = $(BUILD)/libsanctwatch-core.a
IMPORT_LIB = $(BUILD)/libsanctwatch-import.a
DAEMON_LIB = $(BUILD)/libsanctwatchd.a
UNIT_SRCS = $(wildcard tests/unit/*.c)
UNIT_OBJS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/obj/unit/%.o)

all: $(BUILD)/sanctwatchd $(BUILD)/sanctwatch

$(BUILD)/obj/core/%.o: daemon/core/%.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CORE_CFLAGS) -c $< -o $@

$(BUILD)/obj/import/%.o: daemon/import/%.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(IMPORT_CFLAGS) -c $< -o $@

$(BUILD)/obj/sanctwatchd/%.o: daemon/sanctwatchd/%.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(DAEMON_CFLAGS) -c $< -o $@

$(BUILD)/obj/client/%.o: daemon/client/%.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CLIENT_CFLAGS) -c $< -o $@

$(BUILD)/obj/sanctwatchd/schema.o: $(BUILD)/schema.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -c $< -o $@

$(BUILD)/obj/core/words.o: $(BUILD)/words.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -c $< -o $@

$(BUILD)/obj/core/popnames.o: $(BUILD)/popnames.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -c $< -o $@

$(BUILD)/obj/core/wordkeys.o: $(BUILD)/wordkeys.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -c $< -o $@

# The numbered migrations in schema/ are compiled into the daemon.
$(BUILD)/schema.c: $(sort $(wildcard schema/*.sql)) scripts/embed-schema
	@mkdir -p $(@D)
	scripts/embed-schema $(sort $(wildcard schema/*.sql)) > $@.tmp
	mv $@.tmp $@

# Everyday English words (Debian's wamerican-small) and proper names
# (wamerican's capitalised words), compiled into the matcher: a name made
# only of such words needs more evidence to match.
DICT	?= /usr/share/dict/american-english-small
PROPER	?= /usr/share/dict/american-english
$(BUILD)/words.c: $(wildcard $(DICT) $(PROPER)) scripts/embed-words
	@mkdir -p $(@D)
	scripts/embed-words $(DICT) $(PROPER) > $@.tmp
	mv $@.tmp $@

# The given names and surnames common in about fifty countries (Debian's
# python3-fake-factory, from census and birth records): a person's name
# made only of them is borne by many people and needs more evidence.
PERSONS	?= /usr/lib/python3/dist-packages/faker/providers/person
$(BUILD)/popnames.c: $(wildcard $(PERSONS)/*/__init__.py) scripts/embed-names
	@mkdir -p $(@D)
	scripts/embed-names $(PERSONS) > $@.tmp
	mv $@.tmp $@

# The keys of the matcher's word sets (names.c), made by normalize.c itself
# from the two lists above, so that no process cuts their 100,000 words.
$(BUILD)/embed-wordkeys: scripts/embed-wordkeys.c \
    $(BUILD)/obj/core/normalize.o $(BUILD)/obj/core/words.o \
    $(BUILD)/obj/core/popnames.o
	$(CC) $(BASE_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(CORE_LIBS)

$(BUILD)/wordkeys.c: $(BUILD)/embed-wordkeys
	$(BUILD)/embed-wordkeys > $@.tmp
	mv $@.tmp $@

$(BUILD)/obj/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -c $< -o $@

$(CORE_LIB): $(CORE_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(IMPORT_LIB): $(IMPORT_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(DAEMON_LIB): $(DAEMON_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/sanctwatchd: $(BUILD)/obj/sanctwatchd/main.o $(DAEMON_LIB) \
    $(CORE_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# collect writes a node's schema: the client links the migrations too.
$(BUILD)/sanctwatch: $(CLIENT_OBJS) $(BUILD)/obj/sanctwatchd/schema.o \
    $(IMPORT_LIB) $(CORE_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CLIENT_LIBS)

$(BUILD)/unit-tests: $(UNIT_OBJS) $(DAEMON_LIB) $(IMPORT_LIB) $(CORE_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# Benchmark drivers: tests/bench/NAME.c -> $(BUILD)/bench/NAME.
$(BUILD)/bench/%: tests/bench/%.c $(DAEMON_LIB) $(CORE_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(DAEMON_LIB) $(CORE_LIB) \
	    $(LIBS)

deps:
	scripts/install-deps

# Everything the tests need, for one build directory.
testbin: all $(BUILD)/unit-tests

check: deps
	$(MAKE) WERROR=1 testbin
	$(MAKE) WERROR=1 SANITIZE=1 BUILD=build/asan testbin
	$(MAKE) fuzz-build
	tests/run $(BUILD) build/asan

# Benchmarks: scripts/bench runs every scripts/bench-* with the build
# directory, after installing the peers they compare against.
bench: all
	scripts/install-deps --bench
	scripts/bench $(BUILD)

# The system tests with every daemon under valgrind (slow; not part of check,
# whose ASan+UBSan pass already finds leaks).
check-valgrind: deps testbin
	SANCTWATCH_VALGRIND=1 python3 tests/system/run.py $(BUILD)

demo: deps
	$(MAKE) all
	scripts/demo $(BUILD)

# libFuzzer harnesses; `make fuzz` also runs each for a bounded number of
# inputs from its seed corpus.
FUZZ_SRCS = $(wildcard tests/fuzz/*-fuzzer.c)
FUZZ_BINS = $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/%)
FUZZ_CORE_SRCS = $(CORE_SRCS) build/words.c build/popnames.c \
	build/wordkeys.c
FUZZ_FLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -D_GNU_SOURCE -Idaemon

# Each harness links only the tiers it exercises: the core, and the
# importers for the import harness.
build/fuzz/import-fuzzer: FUZZ_TIER_SRCS = $(IMPORT_SRCS)
build/fuzz/stream-fuzzer: FUZZ_TIER_SRCS = daemon/client/cmd-tail-nats.c
build/fuzz/stream-fuzzer: daemon/client/cmd-tail-nats.c daemon/client/client.h
build/fuzz/seen-fuzzer: FUZZ_TIER_SRCS = daemon/sanctwatchd/cluster-seen.c
build/fuzz/seen-fuzzer: daemon/sanctwatchd/cluster-seen.c \
    daemon/sanctwatchd/sanctwatchd.h
build/fuzz/%: tests/fuzz/%.c $(FUZZ_CORE_SRCS) $(IMPORT_SRCS) \
    $(wildcard daemon/core/*.h daemon/import/*.h) tests/fuzz/fuzz.h
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) $(call pkg_cflags,$(sort $(CORE_PKGS) $(IMPORT_PKGS))) \
	    -o $@ $< $(FUZZ_CORE_SRCS) $(FUZZ_TIER_SRCS) $(CLIENT_LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	tests/fuzz/run $(FUZZ_BINS)

# What make install puts where (the config separately: never overwritten).
MAN_PAGES = docs/man/sanctwatch.1 docs/man/sanctwatch.yaml.5 \
	    docs/man/sanctwatch-watchlist.5 docs/man/sanctwatchd.8
CONF_FILES = config/sanctwatch.yaml config/watchlist.yaml
RULES_FILES = config/rules/export-risk.yaml
DOC_FILES = README.md $(wildcard docs/*.md)

INSTALL_DIRS = $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR) \
	    $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) \
	    $(DESTDIR)$(DATADIR)/schema $(DESTDIR)$(DOCDIR) \
	    $(addprefix $(DESTDIR)$(MANDIR)/man,1 5 8) $(DESTDIR)$(BASHCOMPDIR)

install: all
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) \
	    $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) \
	    $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(DATADIR)/schema \
	    $(DESTDIR)$(DOCDIR) $(DESTDIR)$(SYSCONFDIR)/sanctwatch \
	    $(DESTDIR)$(SYSCONFDIR)/sanctwatch/rules \
	    $(addprefix $(DESTDIR)$(MANDIR)/man,1 5 8) $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 0755 $(BUILD)/sanctwatchd $(DESTDIR)$(SBINDIR)/sanctwatchd
	$(INSTALL) -m 0755 $(BUILD)/sanctwatch $(DESTDIR)$(BINDIR)/sanctwatch
	sed 's|@SBINDIR@|$(SBINDIR)|g' systemd/sanctwatchd.service \
	    > $(DESTDIR)$(UNITDIR)/sanctwatchd.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/sanctwatchd.service
	sed 's|@BINDIR@|$(BINDIR)|g' systemd/sanctwatch-collect.service \
	    > $(DESTDIR)$(UNITDIR)/sanctwatch-collect.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/sanctwatch-collect.service
	$(INSTALL) -m 0644 systemd/sysusers.d/sanctwatch.conf \
	    $(DESTDIR)$(SYSUSERSDIR)/sanctwatch.conf
	$(INSTALL) -m 0644 systemd/tmpfiles.d/sanctwatch.conf \
	    $(DESTDIR)$(TMPFILESDIR)/sanctwatch.conf
	$(INSTALL) -m 0644 $(sort $(wildcard schema/*.sql)) \
	    $(DESTDIR)$(DATADIR)/schema
	$(INSTALL) -m 0644 $(DOC_FILES) $(DESTDIR)$(DOCDIR)
	$(INSTALL) -m 0644 completion/sanctwatch.bash \
	    $(DESTDIR)$(BASHCOMPDIR)/sanctwatch
	for m in $(MAN_PAGES); do \
		$(INSTALL) -m 0644 $$m \
		    $(DESTDIR)$(MANDIR)/man$${m##*.}/$$(basename $$m); \
	done
	for f in $(CONF_FILES); do \
		t=$(DESTDIR)$(SYSCONFDIR)/sanctwatch/$$(basename $$f); \
		if [ -e $$t ]; then echo "keeping $$t"; \
		else $(INSTALL) -m 0640 $$f $$t; fi; \
	done
	for f in $(RULES_FILES); do \
		t=$(DESTDIR)$(SYSCONFDIR)/sanctwatch/rules/$$(basename $$f); \
		if [ -e $$t ]; then echo "keeping $$t"; \
		else $(INSTALL) -m 0640 $$f $$t; fi; \
	done
	@echo "installed; on this host as root, next:"
	@echo "  systemd-sysusers; systemd-tmpfiles --create sanctwatch.conf"
	@echo "  edit $(SYSCONFDIR)/sanctwatch/sanctwatch.yaml, then"
	@echo "  systemctl daemon-reload; systemctl enable --now sanctwatchd"

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/sanctwatchd $(DESTDIR)$(BINDIR)/sanctwatch \
	    $(DESTDIR)$(UNITDIR)/sanctwatchd.service \
	    $(DESTDIR)$(UNITDIR)/sanctwatch-collect.service \
	    $(DESTDIR)$(SYSUSERSDIR)/sanctwatch.conf \
	    $(DESTDIR)$(TMPFILESDIR)/sanctwatch.conf \
	    $(DESTDIR)$(BASHCOMPDIR)/sanctwatch
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/schema/,$(notdir $(wildcard schema/*.sql)))
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/,$(notdir $(DOC_FILES)))
	for m in $(MAN_PAGES); do \
		rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$$(basename $$m); \
	done
	@# Each directory install made, and its parents up to the prefix, if
	@# empty now (never the prefix itself, nor anything that holds a file).
	for d in $(INSTALL_DIRS); do \
		while [ "$$d" != "$(DESTDIR)$(PREFIX)" ] && \
		    [ "$$d" != "$(DESTDIR)$(SYSCONFDIR)" ] && \
		    [ "$$d" != "$(DESTDIR)" ] && [ "$$d" != / ] && \
		    rmdir "$$d" 2>/dev/null; do \
			d=$$(dirname "$$d"); \
		done; \
	done
	@echo "kept $(SYSCONFDIR)/sanctwatch, /var/lib/sanctwatch and the" \
	    "sanctwatch user: remove them by hand if you mean to"

clean:
	rm -rf build

.PHONY: all deps testbin check check-valgrind bench demo fuzz fuzz-build clean \
	install uninstall

-include $(wildcard $(BUILD)/obj/*/*.d)
