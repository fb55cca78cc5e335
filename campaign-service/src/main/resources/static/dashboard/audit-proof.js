// Checks a vehicle's audit entries in the browser, trusting no server: the checkpoint's Ed25519 signature (C2SP signed
// note) with WebCrypto, each entry's leaf hash SHA-256(0x00 || payload), and each inclusion proof against the signed
// root as RFC 9162 section 2.1.3.2 prescribes (node hash SHA-256(0x01 || left || right)), as audit-service hashes.
const encoder = new TextEncoder();

export const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
export const fromHex = (text) => new Uint8Array((text.match(/../g) || []).map((h) => parseInt(h, 16)));
export const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  parts.forEach((p) => { out.set(p, at); at += p.length; });
  return out;
};
const equal = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));

export const leafHash = (payload) => sha256(concat(Uint8Array.of(0), payload));
const nodeHash = (left, right) => sha256(concat(Uint8Array.of(1), left, right));

/** RFC 9162 2.1.3.2: whether the path proves the leaf at index is in the tree of size treeSize with this root. */
export async function includes(leaf, index, treeSize, path, root) {
  if (index >= treeSize) return false;
  let fn = index, sn = treeSize - 1, r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/** Splits a signed note into its body (ending in a newline) and its signature lines. */
function parseNote(text) {
  const end = text.indexOf('\n\n');
  if (end < 0) throw new Error('the checkpoint is not a signed note (no blank line after the body)');
  const body = text.substring(0, end + 1);
  const lines = body.split('\n');
  if (lines.length !== 5) throw new Error('the checkpoint body does not have origin, size, root and timestamp');
  const signatures = text.substring(end + 2).split('\n').filter((l) => l).map((line) => {
    const match = line.match(/^\u2014 (\S+) (\S+)$/);
    if (!match) throw new Error('unreadable signature line: ' + line);
    return {name: match[1], blob: fromBase64(match[2])};
  });
  return {body, origin: lines[0], treeSize: Number(lines[1]), root: fromBase64(lines[2]),
    timestamp: lines[3].replace(/^timestamp /, ''), signatures};
}

/** C2SP key hash: the first four bytes of SHA-256(name || "\n" || 0x01 || public key). */
async function keyHash(name, publicKey) {
  return (await sha256(concat(encoder.encode(name + '\n'), Uint8Array.of(1), publicKey))).subarray(0, 4);
}

/**
 * Verifies the checkpoint with the log's key: the key named by the note's origin, its key hash computed here, and the
 * Ed25519 signature over the body. Answers the parsed checkpoint, or throws why it does not verify.
 */
export async function verifyCheckpoint(noteText, key) {
  const note = parseNote(noteText);
  const publicKey = fromBase64(key.publicKey);
  if (key.keyName !== note.origin) throw new Error('the checkpoint is from ' + note.origin + ', the key is ' + key.keyName);
  const expected = await keyHash(key.keyName, publicKey);
  const line = note.signatures.find((s) => s.name === key.keyName && equal(s.blob.subarray(0, 4), expected));
  if (!line) throw new Error('the checkpoint carries no signature by ' + key.keyName + ' with key hash ' + hex(expected));
  const cryptoKey = await crypto.subtle.importKey('raw', publicKey, {name: 'Ed25519'}, false, ['verify']);
  const valid = await crypto.subtle.verify({name: 'Ed25519'}, cryptoKey, line.blob.subarray(4), encoder.encode(note.body));
  if (!valid) throw new Error('the checkpoint signature does not verify with ' + key.verifierKey);
  return note;
}

/** Checks one bundle entry against the verified checkpoint: why it fails, or null when it is proven included. */
export async function entryFailure(entry, note) {
  const payload = fromBase64(entry.payload);
  const leaf = await leafHash(payload);
  if (hex(leaf) !== entry.leafHash) return 'its payload does not hash to its leaf hash ' + entry.leafHash;
  const path = entry.proof.map(fromHex);
  if (!await includes(leaf, entry.index, note.treeSize, path, note.root)) {
    return 'its inclusion proof does not lead to the signed root of size ' + note.treeSize;
  }
  return null;
}
