// A local OpenID Connect provider standing in for MitID Erhverv (NemLog-in) in tests and the demo.
//
// oidc-provider is a certified implementation of the protocol; this file only configures it:
// one confidential client and the accounts given in OIDC_ACCOUNTS (login name -> claims), or the
// demo account below. Its development login form takes any password. Usage:
//   OIDC_PORT=18550 OIDC_REDIRECT_URIS=http://localhost:8000/accounts/oidc/mitid-erhverv/login/callback/ \
//   OIDC_CLIENT_ID=vaekstcenter OIDC_CLIENT_SECRET=... OIDC_ACCOUNTS='{"anna": {...}}' node provider.mjs
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT || 18550);
const issuer = `http://127.0.0.1:${port}`;
// Without OIDC_ACCOUNTS (the `make run` demo): one person who acts for a fictional company.
const DEMO_ACCOUNTS = {
  demo: {
    email: "erhverv@demo.socialvirksomhed.dk",
    email_verified: true,
    given_name: "Erna",
    family_name: "Erhverv",
    cvr: "99900032",
  },
};
const accounts = process.env.OIDC_ACCOUNTS ? JSON.parse(process.env.OIDC_ACCOUNTS) : DEMO_ACCOUNTS;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID || "vaekstcenter",
      client_secret: process.env.OIDC_CLIENT_SECRET || "test-secret",
      redirect_uris: (process.env.OIDC_REDIRECT_URIS || "").split(",").filter(Boolean),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["given_name", "family_name", "name", "cvr"],
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["test-only-cookie-key"] },
  async findAccount(ctx, id) {
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
});
// The development login form is on the provider's own origin; no proxy in front of it.
provider.proxy = false;
provider.listen(port, "127.0.0.1", () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
