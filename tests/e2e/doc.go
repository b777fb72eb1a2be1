// Package e2e holds the real-Azure end-to-end test of the dev stack. Its
// test files build only with the e2e tag and run only with Azure credentials
// and PRIVATEPULL_E2E=1:
//
//	PRIVATEPULL_E2E=1 go test -tags e2e ./tests/e2e/ -timeout 120m -v
//
// The test deploys the dev stack configuration under unique names into a
// local Pulumi backend in a temporary directory, verifies it with
// internal/verify (and the in-VNet probe), checks that a second preview is
// empty, and destroys everything.
package e2e
