# The whole set-up is `make demo` or `make test`; see README.md.
NPM ?= npm
export NPM_CONFIG_UPDATE_NOTIFIER = false
export NPM_CONFIG_FUND = false
export NPM_CONFIG_AUDIT = false

.PHONY: install build typecheck lint test browser redis demo dist pack bench clean

# Installs from the lockfile only when node_modules is missing or older than the lockfile.
node_modules/.package-lock.json: package-lock.json
	$(NPM) ci

install: node_modules/.package-lock.json

# npm links a workspace's executables only when they exist at install time: linked again once built,
# so `npx mcp-bridge` and `npx mm-simulator` work from the checkout.
build: install
	$(NPM) run build
	$(NPM) rebuild --ignore-scripts @mm-mcp/server-bridge @mm-mcp/simulator

typecheck: install
	$(NPM) run typecheck

lint: install typecheck
	$(NPM) run lint

# The plugin's end-to-end test runs in Debian's chromium, installed here when missing (as root).
browser:
	sh scripts/ensure-chromium.sh

# The cluster tests and benchmarks start Debian's redis-server, installed here when missing (as root).
redis:
	sh scripts/ensure-redis.sh

test: browser redis
	$(NPM) ci
	$(MAKE) build
	$(MAKE) lint
	$(NPM) test

demo: install build
	node scripts/demo.mjs

dist: install
	$(NPM) run build --workspace webapp
	node scripts/dist.mjs

# The bridge as an npm package (dist/mm-mcp-server-bridge-<version>.tgz), for `npx` or `npm install -g`.
pack: build
	mkdir -p dist
	$(NPM) pack --workspace server-bridge --pack-destination dist

bench: install build redis
	node bench/run.mjs

clean:
	rm -rf node_modules */node_modules */dist dist bench/results
