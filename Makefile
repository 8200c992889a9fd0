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
