# tlsshim — see README.md. `make` builds build/lib; `make test` and `make demo` do
# their own set-up (tools/install-deps.sh) on a fresh machine.
CARGO ?= cargo
LIBDIR := build/lib
SO := $(LIBDIR)/libtlsshim.so
FACE_LINKS := libssl.so.3 libssl.so libgnutls.so.30 libgnutls.so

# install / uninstall: see below.
PREFIX ?= /usr/local

.PHONY: install uninstall all lib deps test cargo-test clippy fmt-check ctests demo bench clean support check-support asan

all: lib

lib:
	$(CARGO) build --release
	@mkdir -p $(LIBDIR)
	cp -f target/release/libtlsshim.so $(SO).tmp && mv -f $(SO).tmp $(SO)
	cd $(LIBDIR) && for l in $(FACE_LINKS); do ln -sf libtlsshim.so $$l; done
	@mkdir -p build/bin
	cp -f target/release/tlsshim build/bin/tlsshim.tmp && mv -f build/bin/tlsshim.tmp build/bin/tlsshim

deps:
	./tools/install-deps.sh

cargo-test:
	$(CARGO) test --release

clippy:
	$(CARGO) clippy --release --all-targets -- -D warnings

fmt-check:
	$(CARGO) fmt -- --check

ctests: lib
	python3 tools/gen_null_sweep.py
	./ctests/run.sh
	./tools/asan.sh
	./ctests/verify_matrix.sh
	./ctests/gnutls_session.sh
	./ctests/dtls.sh
	./ctests/gnutls_x509_names_diff.sh
	./ctests/constants.sh
	./ctests/exports.sh
	./ctests/programs.sh
	./ctests/servers.sh
	./ctests/gnutls_programs.sh
	./ctests/tools.sh

# The instrumented fuzz build (a few minutes of compiling) runs in the background while
# the ctests run (they mostly wait on peers and sockets); its log is
# build/fuzz-build.log. Then the short fuzz run.
test: deps check-support fmt-check clippy cargo-test lib
	@mkdir -p build
	@( $(MAKE) --no-print-directory fuzz-build >build/fuzz-build.log 2>&1; echo $$? >build/fuzz-build.rc ) & \
	$(MAKE) --no-print-directory ctests; r=$$?; wait; \
	if [ "$$(cat build/fuzz-build.rc)" != 0 ]; then tail -30 build/fuzz-build.log; echo "make test: fuzz-build failed"; exit 1; fi; \
	exit $$r
	$(MAKE) --no-print-directory fuzz-run-ci
	@echo "make test: all passed"

# Benchmarks (not part of `make test`): real library vs tlsshim vs bare rustls;
# writes BENCHMARKS.md. BENCH_QUICK=1 for a fast smoke run.
BENCH_CFLAGS := -O2 -Wall -Wextra -Werror -pthread
bench: lib
	@mkdir -p build/bench
	./tools/pki.sh build/bench/pki
	cc $(BENCH_CFLAGS) -o build/bench/ossl_bench ctests/bench/ossl_bench.c -lssl -lcrypto
	cc $(BENCH_CFLAGS) -o build/bench/gnutls_bench ctests/bench/gnutls_bench.c -lgnutls
	$(CARGO) build --release --example bare_rustls
	python3 tools/bench.py

# The differential ctests built with ASan+UBSan (LSan on), real and preloaded; also
# part of `make ctests`.
asan: lib
	./tools/asan.sh

demo: deps lib
	./tools/demo.sh

support:
	python3 tools/gen_symbols.py
	python3 tools/gen_support.py
	python3 tools/gen_headers.py

check-support:
	./tools/check-support.sh

clean:
	$(CARGO) clean
	rm -rf build ctests/out

# make install PREFIX=/usr/local (DESTDIR for staging). The library goes to
# $(PREFIX)/lib; the libssl/libgnutls links and the .pc files that make `-lssl`,
# `pkg-config libssl` mean tlsshim go to a PRIVATE directory, $(PREFIX)/lib/tlsshim,
# so nothing picks them up unless asked (LD_LIBRARY_PATH, PKG_CONFIG_PATH).
# Headers: $(PREFIX)/include/tlsshim/{openssl,gnutls}. `tlsshim` goes to $(PREFIX)/bin.
# Programs linked through the .pc files carry an RPATH to $(PREFIX)/lib.
DEST := $(DESTDIR)$(PREFIX)
PRIV := $(DEST)/lib/tlsshim
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
HEADERS := $(wildcard include/openssl/*.h include/gnutls/*.h)
PC_COMMON = prefix=$(PREFIX)\nlibdir=$${prefix}/lib\nincludedir=$${prefix}/include/tlsshim\n\n
PC_SSL_LIBS = Libs: -L$${libdir}/tlsshim -Wl,-rpath,$${libdir} -lssl -lcrypto\n
PC_GNUTLS_LIBS = Libs: -L$${libdir}/tlsshim -Wl,-rpath,$${libdir} -lgnutls\n
PC_CFLAGS = Cflags: -I$${includedir}\n

install: lib
	install -d $(DEST)/lib $(DEST)/bin $(PRIV)/pkgconfig $(DEST)/lib/pkgconfig \
		$(DEST)/include/tlsshim/openssl $(DEST)/include/tlsshim/gnutls
	install -m 755 $(SO) $(DEST)/lib/libtlsshim.so
	for l in $(FACE_LINKS); do ln -sfn ../libtlsshim.so $(PRIV)/$$l; done
	install -m 644 $(wildcard include/openssl/*.h) $(DEST)/include/tlsshim/openssl/
	install -m 644 $(wildcard include/gnutls/*.h) $(DEST)/include/tlsshim/gnutls/
	install -m 755 build/bin/tlsshim $(DEST)/bin/tlsshim
	printf '$(PC_COMMON)Name: tlsshim\nDescription: the libssl (OpenSSL 3.0) and GnuTLS 3.7 C ABIs on rustls\nVersion: $(VERSION)\n$(PC_CFLAGS)Libs: -L$${libdir} -Wl,-rpath,$${libdir} -ltlsshim -lcrypto\n' \
		>$(DEST)/lib/pkgconfig/tlsshim.pc
	for pc in libssl openssl; do \
		printf '$(PC_COMMON)Name: '$$pc'\nDescription: tlsshim standing in for OpenSSL libssl 3.0 (libcrypto is the system one)\nVersion: 3.0.0\n$(PC_CFLAGS)$(PC_SSL_LIBS)' \
			>$(PRIV)/pkgconfig/$$pc.pc; done
	printf '$(PC_COMMON)Name: GnuTLS\nDescription: tlsshim standing in for GnuTLS 3.7.9\nVersion: 3.7.9\n$(PC_CFLAGS)$(PC_GNUTLS_LIBS)' \
		>$(PRIV)/pkgconfig/gnutls.pc

uninstall:
	rm -f $(DEST)/lib/libtlsshim.so $(DEST)/bin/tlsshim $(DEST)/lib/pkgconfig/tlsshim.pc
	rm -f $(addprefix $(PRIV)/,$(FACE_LINKS)) $(PRIV)/pkgconfig/libssl.pc \
		$(PRIV)/pkgconfig/openssl.pc $(PRIV)/pkgconfig/gnutls.pc
	rm -f $(addprefix $(DEST)/include/tlsshim/,$(patsubst include/%,%,$(HEADERS)))
	-rmdir $(PRIV)/pkgconfig $(PRIV) $(DEST)/include/tlsshim/openssl \
		$(DEST)/include/tlsshim/gnutls $(DEST)/include/tlsshim 2>/dev/null

# Fuzzing (issue 7; see fuzz/README.md). libFuzzer C targets (clang -fsanitize=fuzzer,
# plus ASan/UBSan on the C side) linked against an sancov-instrumented build of the
# library in target/fuzz (debug assertions on, overflow checks too), so libFuzzer is guided by the coverage
# of the Rust code. `make fuzz` runs every target FUZZ_SECONDS (60) each.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := peer_ossl peer_gnutls api_ossl api_gnutls
FUZZ_RUSTFLAGS := -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
	-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
	-Cllvm-args=-sanitizer-coverage-trace-compares
# rustls's own debug assertions are on too (F2 in RELIABILITY.md, the one that fired,
# is fixed); FUZZ_RUSTLS_DEBUG=0 turns them off, as in the shipped build.
FUZZ_RUSTLS_DEBUG ?= 1
FUZZ_CARGO_FLAGS := --config profile.release.debug-assertions=true --config profile.release.overflow-checks=true \
	$(if $(filter 0,$(FUZZ_RUSTLS_DEBUG)),--config 'profile.release.package.rustls.debug-assertions=false',)
.PHONY: fuzz-build fuzz fuzz-short fuzz-ci fuzz-run-ci valgrind
fuzz-build: deps
	RUSTFLAGS="$(FUZZ_RUSTFLAGS)" $(CARGO) build --release --lib $(FUZZ_CARGO_FLAGS) --target x86_64-unknown-linux-gnu --target-dir target/fuzz
	@mkdir -p build/fuzz
	cp -f target/fuzz/x86_64-unknown-linux-gnu/release/libtlsshim.so build/fuzz/libtlsshim.so.new
	mv -f build/fuzz/libtlsshim.so.new build/fuzz/libtlsshim.so
	./tools/pki.sh build/fuzz/pki
	for t in $(FUZZ_TARGETS); do \
	  clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Wall -Werror \
	    -o build/fuzz/$$t fuzz/$$t.c build/fuzz/libtlsshim.so -Wl,-rpath,$(CURDIR)/build/fuzz -lcrypto || exit 1; \
	done
fuzz: fuzz-build
	./fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)
# The long run of the API-sequence targets (RELIABILITY.md): the same harnesses built
# with -fsanitize=fuzzer,undefined but without ASan (it halves their executions per
# second, and the Rust code behind the ABI is not ASan-instrumented in any build; the
# ASan runs are `make fuzz` and every `make test`), programs capped at 128 bytes for
# api_ossl and 64 for api_gnutls (1 to 6 bytes per call; the GnuTLS face's default
# priority makes each handshake dearer: AES-256/SHA-384, P-256), so each runs about
# 1,000-1,500 executions/s here; both targets at once, one per CPU, each until
# FUZZ_LONG_RUNS executions or FUZZ_LONG_SECONDS, whichever comes first.
# `make fuzz-long FUZZ_LONG_SECONDS=N FUZZ_LONG_RUNS=M`.
FUZZ_LONG_SECONDS ?= 10500
FUZZ_LONG_RUNS ?= 10000000
FUZZ_LONG_MAXLEN_OSSL ?= 128
FUZZ_LONG_MAXLEN_GNUTLS ?= 64
.PHONY: fuzz-long fuzz-long-one fuzz-long-build
fuzz-long-build: fuzz-build
	@mkdir -p build/fuzz/nosan
	for t in api_ossl api_gnutls; do \
	  clang -g -O1 -fsanitize=fuzzer,undefined -fno-sanitize-recover=undefined -Wall -Werror \
	    -o build/fuzz/nosan/$$t fuzz/$$t.c build/fuzz/libtlsshim.so -Wl,-rpath,$(CURDIR)/build/fuzz -lcrypto || exit 1; \
	done
# One target on both CPUs (libFuzzer's fork mode, two workers, one campaign):
# `make fuzz-long-one FUZZ_LONG_TARGET=api_gnutls` (max_len as above).
FUZZ_LONG_TARGET ?= api_ossl
fuzz-long-one: fuzz-long-build
	FUZZ_FORK=2 FUZZ_BIN=build/fuzz/nosan FUZZ_FLAGS="-max_len=$(if $(filter api_gnutls,$(FUZZ_LONG_TARGET)),$(FUZZ_LONG_MAXLEN_GNUTLS),$(FUZZ_LONG_MAXLEN_OSSL)) -runs=$(FUZZ_LONG_RUNS)" \
	  ./fuzz/run.sh $(FUZZ_LONG_SECONDS) $(FUZZ_LONG_TARGET)
fuzz-long: fuzz-long-build
	FUZZ_BIN=build/fuzz/nosan FUZZ_FLAGS="-max_len=$(FUZZ_LONG_MAXLEN_OSSL) -runs=$(FUZZ_LONG_RUNS)" ./fuzz/run.sh $(FUZZ_LONG_SECONDS) api_ossl & p=$$!; \
	FUZZ_BIN=build/fuzz/nosan FUZZ_FLAGS="-max_len=$(FUZZ_LONG_MAXLEN_GNUTLS) -runs=$(FUZZ_LONG_RUNS)" ./fuzz/run.sh $(FUZZ_LONG_SECONDS) api_gnutls; r=$$?; wait $$p && exit $$r
fuzz-short: fuzz-build
	./fuzz/run.sh 20 $(FUZZ_TARGETS)
# The short run `make test` does (issue 7): every target FUZZ_CI_SECONDS (30), two at a
# time (one per CPU of the CI machine), from the committed seeds.
FUZZ_CI_SECONDS ?= 30
fuzz-ci: fuzz-build
	$(MAKE) --no-print-directory fuzz-run-ci
fuzz-run-ci:
	./fuzz/run.sh $(FUZZ_CI_SECONDS) peer_ossl api_ossl & p=$$!; \
	./fuzz/run.sh $(FUZZ_CI_SECONDS) peer_gnutls api_gnutls; r=$$?; wait $$p && exit $$r
# The differential ctests' preloaded runs under valgrind memcheck (tools/valgrind.sh;
# suppressions, each explained, in tools/valgrind.supp).
valgrind: lib
	./tools/valgrind.sh
# RSS churn (100,000 SSL / gnutls sessions) and load (1,000 connections per face,
# 64 KiB each way, byte-exact): tools/reliability.sh.
.PHONY: reliability
reliability: lib
	./tools/reliability.sh 1000
