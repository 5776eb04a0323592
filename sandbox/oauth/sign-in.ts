// The org AS's interaction endpoints (where oidc-provider sends the browser when it needs a user):
// a login + password form against the org directory. Consent is implicit on Okta's org AS for
// admin-granted scopes, so a consent prompt (only reachable with prompt=consent) completes itself.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Provider } from "oidc-provider";
import type { OrgDirectory } from "../org/contract";
import { errorPage, signInPage } from "./pages";

export const INTERACTION_PREFIX = "/oauth2/v1/interaction/";

const MAX_FORM_BYTES = 16 * 1024;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_FORM_BYTES) throw new Error("form too large");
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.end(html);
}

export class SignIn {
  constructor(
    private readonly provider: Provider,
    private readonly directory: OrgDirectory,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const [uid, action] = path.slice(INTERACTION_PREFIX.length).split("/");
    let interaction;
    try {
      interaction = await this.provider.interactionDetails(req, res);
    } catch {
      // Missing/expired interaction cookie: the user has to start again from the app.
      sendHtml(res, 400, errorPage("invalid_request", "Your sign-in session has expired. Go back to the application and try again."));
      return;
    }
    if (interaction.uid !== uid) {
      sendHtml(res, 400, errorPage("invalid_request", "Unknown sign-in request."));
      return;
    }

    const clientId = typeof interaction.params.client_id === "string" ? interaction.params.client_id : "";
    const appName = this.directory.getApp(clientId)?.name ?? clientId;
    const formAction = `${INTERACTION_PREFIX}${interaction.uid}/login`;

    if (interaction.prompt.name === "consent") {
      await this.grantConsent(req, res, interaction.grantId, interaction.session?.accountId, clientId, interaction.params.scope);
      return;
    }

    if (req.method === "POST" && action === "login") {
      const form = await readForm(req);
      const username = form.get("username") ?? "";
      const user = this.directory.findUserByLogin(username);
      if (!user || user.status !== "ACTIVE" || !this.directory.checkPassword(user.id, form.get("password") ?? "")) {
        // Okta's wording; it never says which of the two was wrong.
        sendHtml(res, 401, signInPage({ action: formAction, appName, username, error: "Unable to sign in" }));
        return;
      }
      await this.provider.interactionFinished(req, res, { login: { accountId: user.id } }, { mergeWithLastSubmission: false });
      return;
    }

    const loginHint = typeof interaction.params.login_hint === "string" ? interaction.params.login_hint : undefined;
    sendHtml(res, 200, signInPage({ action: formAction, appName, username: loginHint }));
  }

  private async grantConsent(
    req: IncomingMessage,
    res: ServerResponse,
    grantId: string | undefined,
    accountId: string | undefined,
    clientId: string,
    scope: unknown,
  ): Promise<void> {
    if (!accountId) {
      sendHtml(res, 400, errorPage("invalid_request", "No signed-in user."));
      return;
    }
    const grant = (grantId ? await this.provider.Grant.find(grantId) : undefined) ?? new this.provider.Grant({ accountId, clientId });
    // The scope was already narrowed to what the app may have (see authorize-policy.ts).
    if (typeof scope === "string") grant.addOIDCScope(scope);
    const id = await grant.save();
    await this.provider.interactionFinished(req, res, { consent: { grantId: id } }, { mergeWithLastSubmission: true });
  }
}
