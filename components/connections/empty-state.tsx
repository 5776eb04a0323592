/** No connections yet: what one is, and what to prepare in Okta. */
export function EmptyState({ canManage }: { canManage: boolean }) {
  return (
    <section aria-labelledby="empty-heading" className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">
      <h2 id="empty-heading" className="text-lg font-medium">
        No connections yet
      </h2>
      <p className="mt-2 text-sm">
        A connection lets this team manage realms in one Okta org. It is authorized once by an Okta admin (ideally a dedicated service account), through the org&apos;s OAuth app;
        everything done through it is attributed to that admin in Okta.
      </p>
      <ol className="mt-3 list-decimal pl-5 text-sm">
        <li>In the Okta Admin Console, open the Okta Workflows OAuth app (or an OIDC web app), and on its General tab add the redirect URI shown in the New connection dialog.</li>
        <li>
          On its Okta API Scopes tab, grant <strong>okta.realms.read</strong> (required: it is not granted automatically, and authorization fails without it), and for the default
          scopes also okta.realms.manage, okta.users.read, okta.users.manage and okta.schemas.read. The OIDC scopes (openid, profile, email, address, phone, groups) and
          offline_access are granted to the app automatically.
        </li>
        <li>{canManage ? "Choose New connection, enter the org's domain and the app's client ID and secret, and authorize." : "Ask an admin or owner of this team to create the connection."}</li>
      </ol>
    </section>
  );
}
