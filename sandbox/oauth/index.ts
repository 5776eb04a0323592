// The sandbox org's authorization server (Okta org AS, /oauth2/v1/*).
export {
  createOrgAuthorizationServer,
  type OrgAuthorizationServer,
  type OrgAuthorizationServerOptions,
} from "./org-authorization-server";
