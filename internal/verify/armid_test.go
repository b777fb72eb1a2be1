package verify

import "testing"

func TestNormalizeIDComparesScopesCaseAndSlashInsensitively(t *testing.T) {
	same := [][2]string{
		{registryID, "/SUBSCRIPTIONS/" + sub + "/resourcegroups/RG-MYAPP/providers/microsoft.containerregistry/registries/ACRMYAPPDEV01/"},
		{registryID, "subscriptions/" + sub + "/resourceGroups/rg-myapp//providers/Microsoft.ContainerRegistry/registries/acrmyappdev01"},
		{" " + registryID + " ", registryID},
	}
	for _, p := range same {
		if !SameID(p[0], p[1]) {
			t.Errorf("SameID(%q, %q) = false", p[0], p[1])
		}
	}
	if SameID(registryID, registryID+"2") {
		t.Error("different registries compared equal")
	}
}

func TestIsUnder(t *testing.T) {
	for _, scope := range []string{registryID + "/", rgID, "/subscriptions/" + sub, "/"} {
		if !isUnder(registryID, scope) {
			t.Errorf("isUnder(registry, %q) = false", scope)
		}
	}
	for _, scope := range []string{rgID + "-other", registryID + "/replications/x", "/subscriptions/" + sub + "0"} {
		if isUnder(registryID, scope) {
			t.Errorf("isUnder(registry, %q) = true", scope)
		}
	}
}

func TestIsAcrPull(t *testing.T) {
	for _, id := range []string{acrPullDef, AcrPullRoleID, "/providers/Microsoft.Authorization/roleDefinitions/7F951DDA-4ED3-4680-A7CA-43FE172D538D/"} {
		if !isAcrPull(id) {
			t.Errorf("isAcrPull(%q) = false", id)
		}
	}
	if isAcrPull("/providers/Microsoft.Authorization/roleDefinitions/8311e382-0749-4cb8-b61a-304f252e45ec") {
		t.Error("AcrPush taken for AcrPull")
	}
}

func TestImageHost(t *testing.T) {
	for image, host := range map[string]string{
		loginServer + "/myapp:latest":              loginServer,
		"DOCKER|" + loginServer + "/web:v1":        loginServer,
		"registry.example.com:5000/app:1":          "registry.example.com:5000",
		"nginx:latest":                             "",
		"library/nginx":                            "",
		"localhost/app":                            "localhost",
		"mcr.microsoft.com/k8se/quickstart:latest": "mcr.microsoft.com",
	} {
		if got := imageHost(image); got != host {
			t.Errorf("imageHost(%q) = %q, want %q", image, got, host)
		}
	}
}

func TestNormalizeRanges(t *testing.T) {
	got := normalizeRanges([]string{"203.0.113.10", "198.51.100.7/24", "203.0.113.10/32"})
	want := []string{"198.51.100.0/24", "203.0.113.10/32"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("normalizeRanges = %v, want %v", got, want)
	}
}
