// A real OpenID Connect provider (npm's certified `oidc-provider`) on loopback, for the
// end-to-end tests and for trying provider sign-in during development. Its development
// sign-in form accepts any username (and any password): the account's name and email come
// from the table below, or are made up from the username.
//
//   node e2e/test-idp.mjs            # issuer http://127.0.0.1:4000, client "entrust"
//
// Settings (environment): IDP_PORT (0 = any free port), IDP_REDIRECT_URI (the platform's
// callback, default http://127.0.0.1:3000/auth/oidc/test/callback), IDP_CLIENT_ID,
// IDP_CLIENT_SECRET. It prints "test identity provider listening on <issuer>".
// Test use only: fixed cookie keys and the library's development signing key.
import Provider from 'oidc-provider';

const port = Number(process.env.IDP_PORT ?? 4000);
const redirectUri =
  process.env.IDP_REDIRECT_URI ?? 'http://127.0.0.1:3000/auth/oidc/test/callback';
const clientId = process.env.IDP_CLIENT_ID ?? 'entrust';
const clientSecret = process.env.IDP_CLIENT_SECRET ?? 'entrust-test-secret';

const people = {
  'lucia.fernandez': { name: 'Lucía Fernández', email: 'lucia.fernandez@salud.example.ar' },
  'joao.silva': { name: 'João Silva', email: 'joao.silva@saude.example.br' },
};

function configuration() {
  return {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    // The platform must use PKCE even though it is a confidential client.
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    // Put profile and email claims in the ID token, as Keycloak, Entra and Google do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['entrust-test-idp-cookie-key-not-a-secret'] },
    async findAccount(_ctx, id) {
      const known = people[id] ?? { name: id, email: `${id}@example.org` };
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            name: known.name,
            preferred_username: id,
            email: known.email,
            email_verified: true,
          };
        },
      };
    },
  };
}

const server = (await import('node:http')).createServer();
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const provider = new Provider(issuer, configuration());
server.on('request', provider.callback());
console.log(`test identity provider listening on ${issuer}`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
