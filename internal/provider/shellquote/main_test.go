package shellquote_test

import (
	"testing"

	"github.com/openswas/terraform-provider-swas/internal/acctest"
)

func TestMain(m *testing.M) {
	acctest.Main(m)
}
