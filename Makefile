# The two entry points: `make demo` runs census on the bundled samples; `make test` runs the tests.
# Both install missing system packages first (Debian: libicu-dev zlib1g-dev libdeflate-dev libzstd-dev pkg-config).
SWIFT ?= swift
CENSUS := .build/release/census

.PHONY: demo test deps build release clean

deps:
	@bash .ci/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

demo: release
	@echo "== census run corpora-samples/ --out out/   (shards in out/data/<lang>/, report in out/report/)"
	@$(CENSUS) run corpora-samples/ --out out/ --force
	@head -n 16 out/report/report.md

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build
