// One age operation in a worker thread: scrypt takes seconds of CPU and up to 256 MB, which must not stop the
// gateway's event loop (quick exit, lock and health keep answering). Plain JavaScript, so the thread needs no
// TypeScript loader. Input in workerData: { op: 'encrypt' | 'decrypt', data, passphrase, workFactor? }.
import { parentPort, workerData } from 'node:worker_threads';
import { Decrypter, Encrypter } from 'age-encryption';

const { op, data, passphrase, workFactor } = workerData;
try {
  let out;
  if (op === 'decrypt') {
    const d = new Decrypter();
    d.addPassphrase(passphrase);
    out = await d.decrypt(data);
  } else {
    const e = new Encrypter();
    if (workFactor !== undefined) e.setScryptWorkFactor(workFactor);
    e.setPassphrase(passphrase);
    out = await e.encrypt(data);
  }
  parentPort.postMessage({ ok: true, out }, [out.buffer]);
} catch (err) {
  parentPort.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
}
