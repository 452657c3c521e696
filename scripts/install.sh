# Sourced by dev.sh and test.sh: the Node check and the dependency install both commands start with.
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node >= 20.19 is required, found "+process.version); process.exit(1) }'

echo "== install"
npm ci --no-audit --no-fund
