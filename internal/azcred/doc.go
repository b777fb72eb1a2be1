// Package azcred chooses the Azure credential of privatepull's tools (the
// verify command and the real-Azure end-to-end test).
//
// In GitHub Actions with OIDC, the ID token that azure/login exchanges lasts
// about ten minutes and the Azure CLI cannot renew it (Azure/azure-cli#28708):
// a long `pulumi up` followed by verify fails with AADSTS700024. When the
// GitHub OIDC variables are present, the credential is therefore a client
// assertion credential whose assertion is a fresh GitHub ID token, requested
// each time Entra ID is asked for an access token. Elsewhere it is
// DefaultAzureCredential (environment, workload identity, managed identity,
// Azure CLI, ...).
package azcred
