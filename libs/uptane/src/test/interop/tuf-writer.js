// An independent TUF writer: @tufjs/models builds and signs the metadata, Node's crypto makes the keys and the
// signatures. Each scenario is written to OUT_DIR/<scenario>/ as a repository a client reads from disk:
//   metadata/   1.root.json (2.root.json ...), timestamp.json, snapshot and targets files as TUF names them
//   targets/    the target files (HASH.name under consistent snapshots)
//   scenario.json  what was written: the targets (path, length, sha256) and the trusted root to start from
// Nothing here knows the Java client; files are written the way python-tuf writes them (indented JSON, not
// canonical), so the reader must hash the bytes as served and verify signatures over the canonical form.
//
// usage: node tuf-writer.js OUT_DIR
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { canonicalize } = require('@tufjs/canonical-json');
const {
  Key, Metadata, MetaFile, Root, Signature, Snapshot, TargetFile, Targets, Timestamp,
} = require('@tufjs/models');
const { Role, DelegatedRole } = require('@tufjs/models/dist/role');
const { Delegations } = require('@tufjs/models/dist/delegations');

const SPEC_VERSION = '1.0.31';
const DAY = 24 * 60 * 60 * 1000;

/** TUF 4.2 date-time: YYYY-MM-DDTHH:MM:SSZ, whole seconds. */
function expiresIn(days) {
  return new Date(Date.now() + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sha(algorithm, bytes) {
  return crypto.createHash(algorithm).update(bytes).digest('hex');
}

/** A key as TUF 4.2 writes it, its key id the SHA-256 of its canonical JSON, and a signer over the private half. */
function keyWithSigner(keyType, scheme, publicValue, sign) {
  const unnamed = new Key({ keyID: '', keyType, scheme, keyVal: { public: publicValue } });
  const keyID = sha('sha256', Buffer.from(canonicalize(unnamed.toJSON())));
  const key = new Key({ keyID, keyType, scheme, keyVal: { public: publicValue } });
  return { key, sign: (data) => new Signature({ keyID, sig: sign(data).toString('hex') }) };
}

function ed25519() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
  return keyWithSigner('ed25519', 'ed25519', raw.toString('hex'), (data) => crypto.sign(null, data, privateKey));
}

/** ECDSA P-256; keyType is 'ecdsa' (python-tuf, securesystemslib) or 'ecdsa-sha2-nistp256' (TUF 1.0 text). */
function ecdsa(keyType) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  // Node signs ECDSA as a DER sequence, which is what TUF verifiers expect.
  return keyWithSigner(keyType, 'ecdsa-sha2-nistp256', pem, (data) => crypto.sign('sha256', data, privateKey));
}

/**
 * RSASSA-PSS with SHA-256 and MGF1-SHA-256. The salt length is not fixed by TUF: securesystemslib signs with the
 * digest length (32), Node by default with the longest salt the key allows; verifiers detect it.
 */
function rsa(saltLength) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  return keyWithSigner('rsa', 'rsassa-pss-sha256', pem, (data) =>
    crypto.sign('sha256', data, { key: privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength }));
}

const RSA_SALT_DIGEST = 32;
const RSA_SALT_MAX = crypto.constants.RSA_PSS_SALTLEN_MAX_SIGN;

function sign(metadata, signers) {
  for (const s of signers) {
    metadata.sign(s.sign, true);
  }
  return metadata;
}

/** One repository on disk; the role keys can be changed between publications (root rotation). */
class Repository {
  constructor(dir, { consistent, rootKeys, rootThreshold, timestampKeys, snapshotKeys, targetsKeys, targetsThreshold }) {
    this.dir = dir;
    this.metadataDir = path.join(dir, 'metadata');
    this.targetsDir = path.join(dir, 'targets');
    fs.mkdirSync(this.metadataDir, { recursive: true });
    fs.mkdirSync(this.targetsDir, { recursive: true });
    this.consistent = consistent;
    this.keys = { rootKeys, rootThreshold, timestampKeys, snapshotKeys, targetsKeys, targetsThreshold: targetsThreshold || 1 };
    this.rootVersion = 0;
    this.versions = { timestamp: 0, snapshot: 0 };
    this.roleVersions = {};
    this.targets = {};
    this.delegated = {};
    this.written = [];
    this.timestampExpiresInDays = 7;
    this.metaWithHashes = !consistent;
  }

  writeJson(name, metadata) {
    const bytes = Buffer.from(JSON.stringify(metadata.toJSON(), null, 2) + '\n');
    fs.writeFileSync(path.join(this.metadataDir, name), bytes);
    return bytes;
  }

  rootSigned(version) {
    const k = this.keys;
    const keys = {};
    const all = [...k.rootKeys, ...k.timestampKeys, ...k.snapshotKeys, ...k.targetsKeys];
    for (const s of all) {
      keys[s.key.keyID] = s.key;
    }
    const role = (signers, threshold) => new Role({ keyIDs: signers.map((s) => s.key.keyID), threshold });
    return new Root({
      version,
      specVersion: SPEC_VERSION,
      expires: expiresIn(365),
      consistentSnapshot: this.consistent,
      keys,
      roles: {
        root: role(k.rootKeys, k.rootThreshold),
        timestamp: role(k.timestampKeys, 1),
        snapshot: role(k.snapshotKeys, 1),
        targets: role(k.targetsKeys, k.targetsThreshold),
      },
    });
  }

  /** Writes N.root.json signed by the given keys (by default the current root keys). */
  publishRoot(signers) {
    this.rootVersion += 1;
    const md = sign(new Metadata(this.rootSigned(this.rootVersion)), signers || this.keys.rootKeys);
    this.writeJson(this.rootVersion + '.root.json', md);
    this.writeJson('root.json', md);
    return md;
  }

  /** Adds a target file: its bytes on disk and its entry in the given targets role. */
  addTarget(role, targetPath, bytes) {
    const file = new TargetFile({
      length: bytes.length,
      path: targetPath,
      hashes: { sha256: sha('sha256', bytes), sha512: sha('sha512', bytes) },
    });
    (role === 'targets' ? this.targets : this.delegated[role].targets)[targetPath] = file;
    const dir = path.join(this.targetsDir, path.dirname(targetPath));
    fs.mkdirSync(dir, { recursive: true });
    const base = path.basename(targetPath);
    if (this.consistent) {
      // TUF 5.7.3: with consistent snapshots a target is served as HASH.FILENAME, for each listed hash.
      for (const hash of Object.values(file.hashes)) {
        fs.writeFileSync(path.join(dir, hash + '.' + base), bytes);
      }
    } else {
      fs.writeFileSync(path.join(dir, base), bytes);
    }
    this.written.push({ path: targetPath, role, length: bytes.length, sha256: file.hashes.sha256 });
  }

  /** Delegates path patterns from the top-level targets role to a new role signed by its own keys. */
  delegate(name, paths, signers, threshold) {
    this.delegated[name] = { paths, signers, threshold, targets: {} };
  }

  metaFile(version, bytes) {
    return this.metaWithHashes
      ? new MetaFile({ version, length: bytes.length, hashes: { sha256: sha('sha256', bytes) } })
      : new MetaFile({ version });
  }

  roleFileName(role, version) {
    return this.consistent ? version + '.' + role + '.json' : role + '.json';
  }

  /** Writes every targets role, then snapshot, then timestamp, each with its version raised by one. */
  publish({ targetsSigners, timestampExpires } = {}) {
    const meta = {};
    const delegatedKeys = {};
    const delegatedRoles = {};
    for (const [name, d] of Object.entries(this.delegated)) {
      for (const s of d.signers) {
        delegatedKeys[s.key.keyID] = s.key;
      }
      delegatedRoles[name] = new DelegatedRole({
        name, keyIDs: d.signers.map((s) => s.key.keyID), threshold: d.threshold, terminating: false, paths: d.paths,
      });
      const version = (this.roleVersions[name] || 0) + 1;
      this.roleVersions[name] = version;
      const md = sign(new Metadata(new Targets({
        version, specVersion: SPEC_VERSION, expires: expiresIn(90), targets: d.targets,
      })), d.signers);
      meta[name + '.json'] = this.metaFile(version, this.writeJson(this.roleFileName(name, version), md));
    }
    const targetsVersion = (this.roleVersions.targets || 0) + 1;
    this.roleVersions.targets = targetsVersion;
    const delegations = Object.keys(delegatedRoles).length > 0
      ? new Delegations({ keys: delegatedKeys, roles: delegatedRoles })
      : undefined;
    const targets = sign(new Metadata(new Targets({
      version: targetsVersion, specVersion: SPEC_VERSION, expires: expiresIn(90), targets: this.targets, delegations,
    })), targetsSigners || this.keys.targetsKeys);
    meta['targets.json'] = this.metaFile(targetsVersion, this.writeJson(this.roleFileName('targets', targetsVersion), targets));

    this.versions.snapshot += 1;
    const snapshot = sign(new Metadata(new Snapshot({
      version: this.versions.snapshot, specVersion: SPEC_VERSION, expires: expiresIn(30), meta,
    })), this.keys.snapshotKeys);
    const snapshotBytes = this.writeJson(this.roleFileName('snapshot', this.versions.snapshot), snapshot);

    this.versions.timestamp += 1;
    const timestamp = sign(new Metadata(new Timestamp({
      version: this.versions.timestamp,
      specVersion: SPEC_VERSION,
      expires: timestampExpires || expiresIn(this.timestampExpiresInDays),
      snapshotMeta: new MetaFile({
        version: this.versions.snapshot, length: snapshotBytes.length, hashes: { sha256: sha('sha256', snapshotBytes) },
      }),
    })), this.keys.timestampKeys);
    this.writeJson('timestamp.json', timestamp);
    return { snapshotBytes };
  }

  finish(extra) {
    fs.writeFileSync(path.join(this.dir, 'scenario.json'), JSON.stringify({
      consistentSnapshot: this.consistent, trustedRoot: '1.root.json', targets: this.written, ...extra,
    }, null, 2));
  }
}

function image(label, size) {
  return Buffer.from((label + ' ').repeat(Math.ceil(size / (label.length + 1))).slice(0, size));
}

/** All top-level roles with one key of the given kind each (root: three keys, threshold two). */
function singleKind(make) {
  return {
    rootKeys: [make(), make(), make()], rootThreshold: 2,
    timestampKeys: [make()], snapshotKeys: [make()], targetsKeys: [make()],
  };
}

const scenarios = {
  // Ed25519 everywhere; consistent snapshots over two publications, so stale unversioned names would be wrong.
  'ed25519-consistent': (dir) => {
    const repo = new Repository(dir, { consistent: true, ...singleKind(ed25519) });
    repo.publishRoot();
    repo.addTarget('targets', 'firmware/ecm-1.0.bin', image('ecm 1.0', 4096));
    repo.publish();
    repo.addTarget('targets', 'firmware/ecm-1.1.bin', image('ecm 1.1', 5000));
    repo.publish();
    repo.finish();
  },
  // Non-consistent snapshots: plain snapshot.json and targets.json, meta entries with length and hashes.
  'ed25519-plain': (dir) => {
    const repo = new Repository(dir, { consistent: false, ...singleKind(ed25519) });
    repo.publishRoot();
    repo.addTarget('targets', 'firmware/ecm-1.0.bin', image('ecm plain', 3000));
    repo.publish();
    repo.finish();
  },
  'ecdsa-keytype-ecdsa': (dir) => {
    const repo = new Repository(dir, { consistent: true, ...singleKind(() => ecdsa('ecdsa')) });
    repo.publishRoot();
    repo.addTarget('targets', 'firmware/tcu-3.0.bin', image('tcu ecdsa', 2048));
    repo.publish();
    repo.finish();
  },
  'ecdsa-keytype-ecdsa-sha2-nistp256': (dir) => {
    const repo = new Repository(dir, { consistent: false, ...singleKind(() => ecdsa('ecdsa-sha2-nistp256')) });
    repo.publishRoot();
    repo.addTarget('targets', 'firmware/tcu-3.1.bin', image('tcu nistp256', 2048));
    repo.publish();
    repo.finish();
  },
  'rsa-pss-digest-salt': (dir) => {
    const repo = new Repository(dir, { consistent: true, ...singleKind(() => rsa(RSA_SALT_DIGEST)) });
    repo.publishRoot();
    repo.addTarget('targets', 'firmware/bcm-2.0.bin', image('bcm rsa', 1500));
    repo.publish();
    repo.finish();
  },
  'rsa-pss-max-salt': (dir) => {
    const repo = new Repository(dir, { consistent: false, ...singleKind(() => rsa(RSA_SALT_MAX)) });
    repo.publishRoot();
    repo.addTarget('targets', 'firmware/bcm-2.1.bin', image('bcm rsa max salt', 1500));
    repo.publish();
    repo.finish();
  },
  // One key of each scheme per role; targets needs two signatures of different schemes.
  'mixed-schemes-threshold': (dir) => {
    const repo = new Repository(dir, {
      consistent: true,
      rootKeys: [ed25519(), ecdsa('ecdsa'), rsa(RSA_SALT_DIGEST)], rootThreshold: 3,
      timestampKeys: [ecdsa('ecdsa-sha2-nistp256')], snapshotKeys: [rsa(RSA_SALT_MAX)],
      targetsKeys: [ed25519(), rsa(RSA_SALT_DIGEST)], targetsThreshold: 2,
    });
    repo.publishRoot();
    repo.addTarget('targets', 'firmware/adas-5.0.bin', image('adas mixed', 2500));
    repo.publish();
    repo.finish();
  },
  // Targets signed by one of its two keys (threshold two).
  'targets-below-threshold': (dir) => {
    const k = { ...singleKind(ed25519), targetsKeys: [ed25519(), ecdsa('ecdsa')], targetsThreshold: 2 };
    const repo = new Repository(dir, { consistent: false, ...k });
    repo.publishRoot();
    repo.addTarget('targets', 'firmware/adas-5.0.bin', image('adas one signature', 2500));
    repo.publish({ targetsSigners: [k.targetsKeys[0]] });
    repo.finish();
  },
  // Targets signed by a key the root does not list for targets.
  'targets-signed-by-unknown-key': (dir) => {
    const repo = new Repository(dir, { consistent: false, ...singleKind(ed25519) });
    repo.publishRoot();
    repo.addTarget('targets', 'firmware/ecm-6.6.bin', image('ecm stranger', 1024));
    repo.publish({ targetsSigners: [ed25519()] });
    repo.finish();
  },
  // targets delegates firmware/ecu-* to role ecu-team (ECDSA key), which signs a target; the role also lists a
  // path outside its delegation, which no client may trust.
  'delegation': (dir) => {
    const repo = new Repository(dir, { consistent: true, ...singleKind(ed25519) });
    repo.publishRoot();
    repo.delegate('ecu-team', ['firmware/ecu-*'], [ecdsa('ecdsa')], 1);
    repo.addTarget('targets', 'firmware/gateway-1.0.bin', image('gateway', 1200));
    repo.addTarget('ecu-team', 'firmware/ecu-brake-2.0.bin', image('brake ecu', 2200));
    repo.addTarget('ecu-team', 'infotainment/not-delegated.bin', image('outside the delegation', 900));
    repo.publish();
    repo.finish();
  },
  // 1.root.json -> 2.root.json: root keys A1,A2,A3 (2 of 3) become A1,B1,B2,B3 (3 of 4); timestamp, snapshot and
  // targets keys are all replaced. Version 2 carries A1,A2 (the old threshold) and A1,B1,B2 (the new one).
  'root-rotation': (dir) => rotation(dir, (old, fresh) => [old[0], old[1], fresh[0], fresh[1]]),
  // Only one of the old root keys signed version 2 (plus every new key): the old threshold of two is not met.
  'root-rotation-below-old-threshold': (dir) => rotation(dir, (old, fresh) => [old[0], ...fresh]),
  // Two old keys signed, but of the new root's keys only B1: the new threshold of three is not met.
  'root-rotation-below-new-threshold': (dir) => rotation(dir, (old, fresh) => [old[1], old[2], fresh[0]]),
  // The bytes of a target are changed after it was signed (same length).
  'tampered-target': (dir) => {
    const repo = new Repository(dir, { consistent: false, ...singleKind(ed25519) });
    repo.publishRoot();
    const bytes = image('genuine image', 2048);
    repo.addTarget('targets', 'firmware/ecm-7.0.bin', bytes);
    repo.publish();
    const tampered = Buffer.from(bytes);
    tampered[100] ^= 0x01;
    fs.writeFileSync(path.join(repo.targetsDir, 'firmware', 'ecm-7.0.bin'), tampered);
    repo.finish();
  },
  'expired-timestamp': (dir) => {
    const repo = new Repository(dir, { consistent: false, ...singleKind(ed25519) });
    repo.publishRoot();
    repo.addTarget('targets', 'firmware/ecm-8.0.bin', image('frozen', 1024));
    repo.publish({ timestampExpires: expiresIn(-1) });
    repo.finish();
  },
  // The snapshot is re-signed with other content after the timestamp listed its hashes.
  'snapshot-not-as-listed': (dir) => {
    const repo = new Repository(dir, { consistent: false, ...singleKind(ed25519) });
    repo.publishRoot();
    repo.addTarget('targets', 'firmware/ecm-9.0.bin', image('mix and match', 1024));
    repo.publish();
    const file = path.join(repo.metadataDir, 'snapshot.json');
    const md = Metadata.fromJSON('snapshot', JSON.parse(fs.readFileSync(file, 'utf8')));
    const swapped = new Snapshot({
      version: md.signed.version, specVersion: SPEC_VERSION, expires: expiresIn(29), meta: md.signed.meta,
    });
    repo.writeJson('snapshot.json', sign(new Metadata(swapped), repo.keys.snapshotKeys));
    repo.finish();
  },
};

function rotation(dir, version2Signers) {
  const oldRoot = [ed25519(), ed25519(), ed25519()];
  const repo = new Repository(dir, {
    consistent: true, rootKeys: oldRoot, rootThreshold: 2,
    timestampKeys: [ed25519()], snapshotKeys: [ed25519()], targetsKeys: [ed25519()],
  });
  repo.publishRoot();
  repo.addTarget('targets', 'firmware/ecm-1.0.bin', image('before rotation', 1024));
  repo.publish();
  const fresh = [ecdsa('ecdsa'), ed25519(), rsa(RSA_SALT_DIGEST)];
  repo.keys = {
    rootKeys: [oldRoot[0], ...fresh], rootThreshold: 3,
    timestampKeys: [ecdsa('ecdsa-sha2-nistp256')], snapshotKeys: [ed25519()], targetsKeys: [rsa(RSA_SALT_MAX)],
    targetsThreshold: 1,
  };
  repo.publishRoot(version2Signers(oldRoot, fresh));
  repo.addTarget('targets', 'firmware/ecm-2.0.bin', image('after rotation', 2048));
  repo.publish();
  repo.finish({ newestRoot: 2 });
}

function main() {
  const out = process.argv[2];
  if (!out) {
    throw new Error('usage: node tuf-writer.js OUT_DIR');
  }
  for (const [name, write] of Object.entries(scenarios)) {
    write(path.join(out, name));
  }
  console.log(JSON.stringify({ ok: true, scenarios: Object.keys(scenarios) }));
}

try {
  main();
} catch (e) {
  console.error('TUF WRITER FAILED: ' + ((e && e.stack) || e));
  process.exit(1);
}
