// An independent TUF client (tuf-js) against the signing-service image repository:
// initialise from a trusted root, refresh (root chain, timestamp, snapshot, targets, delegations),
// then download and verify one target. Prints one JSON line; exits 1 on any verification failure.
//
// usage: node tuf-client.js METADATA_BASE_URL TARGET_BASE_URL TRUSTED_ROOT_FILE TARGET_PATH WORK_DIR
'use strict';
const { Updater } = require('tuf-js');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

async function main() {
  const [metadataBaseUrl, targetBaseUrl, rootFile, targetPath, workDir] = process.argv.slice(2);
  const metadataDir = path.join(workDir, 'metadata');
  const targetDir = path.join(workDir, 'targets');
  fs.mkdirSync(metadataDir, { recursive: true });
  fs.mkdirSync(targetDir, { recursive: true });
  if (!fs.existsSync(path.join(metadataDir, 'root.json'))) {
    fs.copyFileSync(rootFile, path.join(metadataDir, 'root.json'));
  }
  const updater = new Updater({ metadataBaseUrl, targetBaseUrl, metadataDir, targetDir });
  await updater.refresh();
  const info = await updater.getTargetInfo(targetPath);
  if (!info) {
    throw new Error('no trusted target ' + targetPath);
  }
  const file = await updater.downloadTarget(info, path.join(targetDir, 'download-' + Date.now()));
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  const root = JSON.parse(fs.readFileSync(path.join(metadataDir, 'root.json'), 'utf8'));
  console.log(JSON.stringify({ ok: true, sha256, length: info.length, rootVersion: root.signed.version }));
}

main().catch((e) => {
  console.error('TUF CLIENT FAILED: ' + ((e && e.stack) || e));
  process.exit(1);
});
