// Fails loudly when npm scripts run on the machine's Node 20 instead of the pinned Node 24
// (e.g. after `npm ci --ignore-scripts`, which skips the `node` package's install script).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Node ${process.versions.node} is running, but this project needs the Node 24 pinned in devDependencies. ` +
      'Run `npm install` (without --ignore-scripts) and use the npm scripts.',
  );
  process.exit(1);
}
