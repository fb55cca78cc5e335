// The reference verdict: the tuf-js client reads every repository tuf-writer.js wrote, served over loopback HTTP,
// starting from the scenario's trusted root, and reports per scenario whether the refresh was accepted and, for
// each target, whether it was found and its download verified. Prints one JSON object:
//   {"<scenario>": {"refresh": "ok" | "refused", "targets": {"<path>": "ok" | "none" | "refused"}, "reason": ".."}}
//
// usage: node reference-client.js REPOSITORIES_DIR
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { Updater } = require('tuf-js');

async function verdict(port, base, scenario) {
  const facts = JSON.parse(fs.readFileSync(path.join(base, scenario, 'scenario.json'), 'utf8'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tufjs-reference-'));
  const metadataDir = path.join(work, 'metadata');
  const targetDir = path.join(work, 'targets');
  fs.mkdirSync(metadataDir);
  fs.mkdirSync(targetDir);
  fs.copyFileSync(path.join(base, scenario, 'metadata', facts.trustedRoot), path.join(metadataDir, 'root.json'));
  const updater = new Updater({
    metadataBaseUrl: `http://127.0.0.1:${port}/${scenario}/metadata`,
    targetBaseUrl: `http://127.0.0.1:${port}/${scenario}/targets`,
    metadataDir,
    targetDir,
  });
  const result = { refresh: 'ok', targets: {} };
  try {
    await updater.refresh();
  } catch (e) {
    return { refresh: 'refused', targets: {}, reason: String(e.message || e) };
  }
  for (const target of facts.targets) {
    try {
      const info = await updater.getTargetInfo(target.path);
      if (!info) {
        result.targets[target.path] = 'none';
        continue;
      }
      await updater.downloadTarget(info, path.join(targetDir, 'download'));
      result.targets[target.path] = 'ok';
    } catch (e) {
      result.targets[target.path] = 'refused';
      result.reason = String(e.message || e);
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
  return result;
}

async function main() {
  const base = path.resolve(process.argv[2] || '');
  const server = http.createServer((req, res) => {
    const file = path.join(base, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (file.startsWith(base + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      res.end(fs.readFileSync(file));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const out = {};
  try {
    for (const scenario of fs.readdirSync(base).sort()) {
      out[scenario] = await verdict(server.address().port, base, scenario);
    }
  } finally {
    server.close();
  }
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error('REFERENCE CLIENT FAILED: ' + ((e && e.stack) || e));
  process.exit(1);
});
