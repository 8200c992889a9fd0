# tlsshim — see README.md. `make` builds build/lib; `make test` and `make demo` do
# their own set-up (tools/install-deps.sh) on a fresh machine.
CARGO ?= cargo
LIBDIR := build/lib
SO := $(LIBDIR)/libtlsshim.so

.PHONY: all lib deps test cargo-test clippy fmt-check ctests demo bench clean support check-support

all: lib

lib:
	$(CARGO) build --release
	@mkdir -p $(LIBDIR)
	cp -f target/release/libtlsshim.so $(SO).tmp && mv -f $(SO).tmp $(SO)
	cd $(LIBDIR) && for l in libssl.so.3 libssl.so libgnutls.so.30 libgnutls.so; do ln -sf libtlsshim.so $$l; done

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
	./ctests/gnutls_session.sh
	./ctests/gnutls_x509_names_diff.sh
	./ctests/constants.sh
	./ctests/programs.sh
	./ctests/gnutls_programs.sh

test: deps check-support fmt-check clippy cargo-test lib ctests
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

# Fuzzing (issue 7; see fuzz/README.md). libFuzzer C targets (clang -fsanitize=fuzzer,
# plus ASan/UBSan on the C side) linked against an sancov-instrumented build of the
# library in target/fuzz (debug assertions on, overflow checks too), so libFuzzer is guided by the coverage
# of the Rust code. `make fuzz` runs every target FUZZ_SECONDS (60) each.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := peer_ossl peer_gnutls api_ossl api_gnutls
FUZZ_RUSTFLAGS := -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
	-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
	-Cllvm-args=-sanitizer-coverage-trace-compares
# rustls's own debug assertions are off (as in the shipped build) unless
# FUZZ_RUSTLS_DEBUG=1: one fires on an open finding (RELIABILITY.md, F2), which would
# stop every run at once.
FUZZ_CARGO_FLAGS := --config profile.release.debug-assertions=true --config profile.release.overflow-checks=true \
	$(if $(FUZZ_RUSTLS_DEBUG),,--config 'profile.release.package.rustls.debug-assertions=false')
.PHONY: fuzz-build fuzz fuzz-short valgrind
fuzz-build:
	RUSTFLAGS="$(FUZZ_RUSTFLAGS)" $(CARGO) build --release --lib $(FUZZ_CARGO_FLAGS) --target x86_64-unknown-linux-gnu --target-dir target/fuzz
	@mkdir -p build/fuzz
	cp -f target/fuzz/x86_64-unknown-linux-gnu/release/libtlsshim.so build/fuzz/libtlsshim.so
	./tools/pki.sh build/fuzz/pki
	for t in $(FUZZ_TARGETS); do \
	  clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Wall -Werror \
	    -o build/fuzz/$$t fuzz/$$t.c build/fuzz/libtlsshim.so -Wl,-rpath,$(CURDIR)/build/fuzz -lcrypto || exit 1; \
	done
fuzz: fuzz-build
	./fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)
fuzz-short: fuzz-build
	./fuzz/run.sh 20 $(FUZZ_TARGETS)
# The differential ctests' preloaded runs under valgrind memcheck (tools/valgrind.sh;
# suppressions, each explained, in tools/valgrind.supp).
valgrind: lib
	./tools/valgrind.sh
# RSS churn (100,000 SSL / gnutls sessions) and load (1,000 connections per face,
# 64 KiB each way, byte-exact): tools/reliability.sh.
.PHONY: reliability
reliability: lib
	./tools/reliability.sh 1000
