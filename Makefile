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
#   make clean      remove build/
#
# Objects go under $(BUILD); a sanitizer build is the same tree built with
# SANITIZE=1 into build/asan.

BUILD	?= build
PREFIX	?= /usr/local
DESTDIR	?=
CC	?= cc
PKG_CONFIG ?= pkg-config

PKGS	 = libevent libcurl sqlite3 yaml-0.1 jansson libxml-2.0 libutf8proc

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

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

CPPFLAGS += -D_GNU_SOURCE -Idaemon
ALL_CFLAGS = -std=c11 $(OPT) $(WARN) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDSAN) $(LDFLAGS)
LIBS	 = $(PKG_LIBS) -lm

MAINS	 = daemon/sanctwatchd.c daemon/sanctwatch.c
LIB_SRCS = $(filter-out $(MAINS),$(wildcard daemon/*.c))
LIB_OBJS = $(LIB_SRCS:daemon/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/schema.o
UNIT_SRCS = $(wildcard tests/unit/*.c)
UNIT_OBJS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/obj/unit/%.o)

all: $(BUILD)/sanctwatchd $(BUILD)/sanctwatch

$(BUILD)/obj/%.o: daemon/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/obj/schema.o: $(BUILD)/schema.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The numbered migrations in schema/ are compiled into the daemon.
$(BUILD)/schema.c: $(sort $(wildcard schema/*.sql)) scripts/embed-schema
	@mkdir -p $(@D)
	scripts/embed-schema $(sort $(wildcard schema/*.sql)) > $@.tmp
	mv $@.tmp $@

$(BUILD)/obj/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -c $< -o $@

$(BUILD)/libsanctwatch.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/sanctwatchd: $(BUILD)/obj/sanctwatchd.o $(BUILD)/libsanctwatch.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/sanctwatch: $(BUILD)/obj/sanctwatch.o $(BUILD)/libsanctwatch.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/unit-tests: $(UNIT_OBJS) $(BUILD)/libsanctwatch.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

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
FUZZ_LIB_SRCS = $(LIB_SRCS) build/schema.c
FUZZ_FLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined \
	$(PKG_CFLAGS) -D_GNU_SOURCE -Idaemon

build/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB_SRCS) daemon/sanctwatch.h \
    tests/fuzz/fuzz.h
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) -o $@ $< $(FUZZ_LIB_SRCS) $(PKG_LIBS) -lm

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	tests/fuzz/run $(FUZZ_BINS)

clean:
	rm -rf build

.PHONY: all deps testbin check check-valgrind bench demo fuzz fuzz-build clean

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/unit/*.d)
