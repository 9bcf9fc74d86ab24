package framework

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestIDValidatorNamesTheValue: the title names the attribute, or the
// element of a set, as a person would.
func TestIDValidatorNamesTheValue(t *testing.T) {
	for _, c := range []struct {
		at          path.Path
		value       string
		title, want string
	}{
		{path.Root("instance_id"), "", "Invalid instance_id", "The value is empty. It must be a SWAS instance ID, such as ace0706b2ac4454d984295a94213abcd."},
		{path.Root("instance_ids").AtSetValue(types.StringValue("")), "", "Invalid element of instance_ids",
			"An element of instance_ids is empty. It must be a SWAS instance ID, such as ace0706b2ac4454d984295a94213abcd."},
		{path.Root("instance_ids").AtSetValue(types.StringValue("i x")), "i x", "Invalid element of instance_ids",
			`An element of instance_ids, "i x", is not a SWAS instance ID. It must be a SWAS instance ID, such as ace0706b2ac4454d984295a94213abcd.`},
		{path.Root("invocations").AtListIndex(2).AtName("invoke_id"), "x", "Invalid invocations[2].invoke_id",
			`The value "x" is not a Cloud Assistant invoke ID. It must be a Cloud Assistant invoke ID, such as t-bj02prjhw1nabcd.`},
	} {
		v := InstanceIDValidator
		if c.at.String() == "invocations[2].invoke_id" {
			v = InvokeIDValidator
		}
		var resp validator.StringResponse
		v.ValidateString(context.Background(), validator.StringRequest{Path: c.at, ConfigValue: types.StringValue(c.value)}, &resp)
		if len(resp.Diagnostics) != 1 {
			t.Fatalf("%s: %d diagnostics", c.at, len(resp.Diagnostics))
		}
		if d := resp.Diagnostics[0]; d.Summary() != c.title || d.Detail() != c.want {
			t.Errorf("%s: %q: %q, want %q: %q", c.at, d.Summary(), d.Detail(), c.title, c.want)
		}
	}
}

// TestDurationValidator: a timeouts key is a duration longer than zero;
// each other value is called what it is.
func TestDurationValidator(t *testing.T) {
	for value, want := range map[string]string{
		"30s": "", "1h30m": "", "1ns": "", ".5m": "",
		"0":          `timeouts.create is "0", which is not longer than zero.`,
		"-1m":        `timeouts.create is "-1m", which is not longer than zero.`,
		"1x":         `timeouts.create is "1x", which is not a duration: a duration is numbers with units (ns, us, ms, s, m, h).`,
		"10":         `timeouts.create is "10", which is not a duration:`,
		"":           `timeouts.create is "", which is not a duration:`,
		"100000000h": `timeouts.create is "100000000h", which is out of range: a duration is at most 2562047h, about 292 years.`,
	} {
		var resp validator.StringResponse
		at := path.Root("timeouts").AtName("create")
		durationValidator{}.ValidateString(context.Background(), validator.StringRequest{Path: at, ConfigValue: types.StringValue(value)}, &resp)
		switch {
		case want == "" && resp.Diagnostics.HasError():
			t.Errorf("%q: %v", value, resp.Diagnostics)
		case want != "" && (len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary() != "Invalid timeouts.create" ||
			!strings.HasPrefix(resp.Diagnostics[0].Detail(), want)):
			t.Errorf("%q: %v, want %q", value, resp.Diagnostics, want)
		}
	}
}
