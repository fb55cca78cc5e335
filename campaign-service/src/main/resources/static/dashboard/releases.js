// Releases: the image repository's images, each with its role (staged, released, revoked, re-released) and who signed
// it with which key.
import {$, call, cell, showProblem} from './common.js';

let images = [];
let wired = false;

/** The image's place in the lifecycle, in words, with the re-release link either way. */
export function role(image, all) {
  const of = image.custom?.rereleaseOf;
  const status = image.status === 'SIGNED' ? 'staged' : image.status === 'RELEASED' ? 'released' : 'revoked';
  const again = all.filter((other) => other.custom?.rereleaseOf === image.targetPath).map((other) => other.version);
  return status + (of ? ', re-release of ' + of : '') + (again.length ? ', re-released as ' + again.join(', ') : '');
}

/** Who signed the image into which role, with which key and when (signing-service records each signature). */
export function signers(image) {
  const list = document.createElement('ul');
  list.className = 'signatures';
  (image.signatures ?? []).forEach((signature) => {
    const item = document.createElement('li');
    item.dataset.keyId = signature.keyId;
    item.textContent = signature.principal + ' (' + signature.action.toLowerCase() + ' into ' + signature.role
      + ', key ' + signature.keyId.substring(0, 12) + '…, ' + new Date(signature.signedAt).toISOString()
        .replace('T', ' ').substring(0, 16) + ' UTC)';
    item.title = 'key id ' + signature.keyId;
    list.appendChild(item);
  });
  return list;
}

function render() {
  const filter = $('#releases-filter').value.trim().toLowerCase();
  const shown = images.filter((i) => i.name.toLowerCase().includes(filter));
  $('#releases-count').textContent = shown.length + ' of ' + images.length + ' images';
  $('#releases tbody').replaceChildren(...shown.map((image) => {
    const row = document.createElement('tr');
    row.dataset.image = image.name + ' ' + image.version;
    row.dataset.status = image.status;
    [image.name, image.version, role(image, images), image.hardwareIds.join(', '), image.releaseCounter,
      image.uploadedBy, image.stagingRole + (image.status === 'RELEASED' ? ' and release' : ''),
      signers(image), image.sha256.substring(0, 16) + '…'].forEach((value) => cell(row, value));
    return row;
  }));
}

export async function showReleases() {
  if (!wired) {
    wired = true;
    $('#releases-filter').addEventListener('input', render);
  }
  try {
    images = await call('GET', '/releases');
    images.sort((a, b) => a.name.localeCompare(b.name) || a.releaseCounter - b.releaseCounter);
    render();
  } catch (refusal) {
    $('#releases-count').textContent = 'The image repository did not answer.';
    showProblem(refusal.problem);
  }
}
