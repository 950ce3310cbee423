// Starts `entrust serve --demo` on 127.0.0.1 with an OS-chosen port and a throwaway SQLite
// database, waits until it prints its address, and exports it as E2E_BASE_URL for the tests.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, '..');
  const bin = process.env.ENTRUST_BIN || path.join(root, 'target', 'debug', 'entrust');
  if (!fs.existsSync(bin)) {
    throw new Error(`server binary not found at ${bin}: build it with \`cargo leptos build\` or set ENTRUST_BIN`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entrust-e2e-'));
  const child = spawn(bin, ['serve', '--demo'], {
    cwd: root,
    env: {
      ...process.env,
      ENTRUST_ADDR: '127.0.0.1:0',
      DATABASE_URL: `sqlite://${dataDir}/entrust.db`,
      LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT || path.join(root, 'target', 'site'),
      ENTRUST_LOG: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 30 s')), 30_000);
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      const m = buffered.match(/listening on (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited early with code ${code}`));
    });
  });
  process.env.E2E_BASE_URL = url;
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
};
