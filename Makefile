# Thin wrapper: the real work lives in CMake presets and scripts/.
#   make run    install what is missing, build server + web app, serve on :8080
#   make test   install what is missing, build, run every test suite
#   make bench  wrk benchmarks on loopback (see docs/performance.md)
.PHONY: run build web test unit bench fmt fmt-check sanitize clean deps

deps:
	@scripts/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release

web:
	@scripts/build-web.sh

run: build web
	@mkdir -p var
	build/journeyman serve

test:
	@scripts/test.sh

unit: build
	@ctest --preset release --parallel 2

bench: build
	@bench/run.sh

sanitize: deps
	@cmake --preset sanitize >/dev/null
	@cmake --build --preset sanitize
	@ctest --preset sanitize --parallel 2

fmt:
	@find src tests/unit -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

fmt-check:
	@find src tests/unit -name '*.cpp' -o -name '*.hpp' | xargs clang-format --dry-run -Werror

clean:
	rm -rf build build-sanitize web/dist
