// Package e2e holds the real-Azure end-to-end test of the dev stack. Its
// Azure test files build only with the e2e tag and run only with Azure
// credentials and PRIVATEPULL_E2E=1:
//
//	PRIVATEPULL_E2E=1 go test -tags e2e ./tests/e2e/ -timeout 120m -v
//
// The test deploys the dev stack configuration under unique names into a
// local Pulumi backend in a temporary directory, verifies it with
// internal/verify (and the in-VNet probe), checks that a second preview is
// empty, and destroys everything. Its clean-up retries the destroy and, when
// that still fails, the deletion of the stack's resource groups, with a
// bounded backoff (delegated subnets can stay held for minutes after their
// environment is deleted, microsoft/azure-container-apps#974), then fails the
// test listing every resource left behind by id.
//
// The backoff (retry.go) and the resource-group helpers (groups.go) build
// without the tag: plain `go test ./...` tests them on a fake clock, without
// Azure.
package e2e
