// Starts the test identity provider (test-idp.mjs) and `entrust serve --demo` on 127.0.0.1
// with a throwaway SQLite database and that provider configured as "test", waits until
// both print their addresses, and exports the platform's as E2E_BASE_URL for the tests.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

/// Starts `cmd`, resolving with the first match of `pattern` in its output.
function startAndWait(cmd, args, options, pattern, what) {
  const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 30 s`)), 30_000);
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      const m = buffered.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited early with code ${code}`));
    });
  });
  return { child, ready };
}

/// A port nobody listens on right now (the provider must know the platform's callback
/// address before the platform starts).
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function stop(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, '..');
  const bin = process.env.ENTRUST_BIN || path.join(root, 'target', 'debug', 'entrust');
  if (!fs.existsSync(bin)) {
    throw new Error(`server binary not found at ${bin}: build it with \`cargo leptos build\` or set ENTRUST_BIN`);
  }
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const clientSecret = 'e2e-client-secret';
  const idp = startAndWait(
    process.execPath,
    [path.join(__dirname, 'test-idp.mjs')],
    {
      cwd: __dirname,
      env: {
        ...process.env,
        IDP_PORT: '0',
        IDP_REDIRECT_URI: `${origin}/auth/oidc/test/callback`,
        IDP_CLIENT_ID: 'entrust-e2e',
        IDP_CLIENT_SECRET: clientSecret,
      },
    },
    /listening on (http:\/\/[^\s]+)/,
    'test identity provider',
  );
  const issuer = await idp.ready;

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entrust-e2e-'));
  const server = startAndWait(
    bin,
    ['serve', '--demo'],
    {
      cwd: root,
      env: {
        ...process.env,
        ENTRUST_ADDR: `127.0.0.1:${port}`,
        ENTRUST_SITE_ORIGIN: origin,
        DATABASE_URL: `sqlite://${dataDir}/entrust.db`,
        ENTRUST_SEARCH_DIR: `${dataDir}/search`,
        LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT || path.join(root, 'target', 'site'),
        ENTRUST_LOG: 'warn',
        ENTRUST_OIDC_PROVIDERS: 'test',
        ENTRUST_OIDC_TEST_NAME: 'Test identity provider',
        ENTRUST_OIDC_TEST_ISSUER: issuer,
        ENTRUST_OIDC_TEST_CLIENT_ID: 'entrust-e2e',
        ENTRUST_OIDC_TEST_CLIENT_SECRET: clientSecret,
      },
    },
    /listening on (http:\/\/[^\s]+)/,
    'server',
  );
  let url;
  try {
    url = await server.ready;
  } catch (e) {
    await stop(idp.child);
    throw e;
  }
  process.env.E2E_BASE_URL = url;
  process.env.E2E_IDP_URL = issuer;
  return async () => {
    await stop(server.child);
    await stop(idp.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
};
