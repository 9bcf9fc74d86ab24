package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aliyun/credentials-go/credentials/providers"
)

func (r *resolver) profileFromBlock() (*base, error) {
	if r.s.Profile == "" && r.s.SharedCredentialsFile == "" {
		return nil, nil
	}
	return r.cliProfile()
}

func (r *resolver) profileFromEnv() (*base, error) {
	if !r.anySet(profile, sharedCredentialsFile) {
		return nil, nil
	}
	return r.cliProfile()
}

// cliProfile uses the configured profile and file, each falling back to the
// environment, the file to ~/.aliyun/config.json.
func (r *resolver) cliProfile() (*base, error) {
	name, nameFrom := r.orEnv(r.s.Profile, profile)
	file, fileFrom := r.orEnv(r.s.SharedCredentialsFile, sharedCredentialsFile)
	if file == "" {
		file = r.defaultConfigFile()
		if file == "" {
			return nil, fmt.Errorf("profile %q is set but the Alibaba Cloud CLI config file cannot be located: "+
				"set shared_credentials_file, %s, or HOME", name, join(variables(sharedCredentialsFile), " or "))
		}
	} else if strings.HasPrefix(file, "~/") {
		home := r.home()
		if home == "" {
			return nil, fmt.Errorf("%s is %q but HOME is not set to expand ~: use an absolute path", fileFrom, file)
		}
		file = filepath.Join(home, file[2:])
	}
	return r.loadProfile(file, name, nameFrom)
}

// credentialsFileFromEnv is a section of the ini-format credentials file the
// Alibaba Cloud SDKs share, when ALIBABA_CLOUD_CREDENTIALS_FILE names it.
// credentials-go reads the file on first use; only its presence is checked
// here, so that a wrong path is reported at once.
func (r *resolver) credentialsFileFromEnv() (*base, error) {
	file, fileVar := r.env(credentialsFile)
	if file == "" {
		return nil, nil
	}
	if _, err := os.Stat(file); err != nil {
		return nil, fmt.Errorf("%s names %s, which cannot be read: %w", fileVar, file, err)
	}
	name, nameFrom := r.env(credentialsFileSection)
	if name == "" {
		name, nameFrom = "default", "default"
	}
	p, err := providers.NewProfileCredentialsProviderBuilder().WithProfileName(name).Build()
	if err != nil {
		return nil, fmt.Errorf("profile %q in %s: %w", name, file, err)
	}
	return &base{
		plan:     Plan{Type: TypeCredentialsFile, ProfileName: name, ProfileFile: file},
		source:   fmt.Sprintf("section %q (chosen by %s) of the credentials file %s (%s)", name, nameFrom, file, fileVar),
		provider: p,
	}, nil
}

// defaultProfile is the last resort: the CLI's current profile, when the
// default config file exists.
func (r *resolver) defaultProfile() (*base, error) {
	if v, _ := r.env(cliProfileDisabled); strings.EqualFold(v, "true") {
		return nil, nil
	}
	file := r.defaultConfigFile()
	if file == "" {
		return nil, nil
	}
	if _, err := os.Stat(file); err != nil {
		return nil, nil //nolint:nilerr // no default file: no source, and the chain goes on
	}
	return r.loadProfile(file, "", "")
}

// home follows credentials-go: HOME, or USERPROFILE on Windows. It is read
// through getenv so tests never see the real home directory.
func (r *resolver) home() string {
	home, _ := r.first("HOME", "USERPROFILE")
	return home
}

func (r *resolver) defaultConfigFile() string {
	home := r.home()
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".aliyun", "config.json")
}

// loadProfile checks that file holds profile name (its current profile when
// name is ""), then builds credentials-go's CLI profile provider for it.
// nameFrom says who chose the profile, "" when the file did.
func (r *resolver) loadProfile(file, name, nameFrom string) (*base, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading the Alibaba Cloud CLI config file: %w", err)
	}
	// Only names and modes are decoded; errors never quote the file, which
	// holds secrets.
	var conf struct {
		Current  string `json:"current"`
		Profiles []struct {
			Name string `json:"name"`
			Mode string `json:"mode"`
		} `json:"profiles"`
	}
	if err := json.Unmarshal(data, &conf); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return nil, fmt.Errorf("%s is not valid JSON (offset %d); it should be an Alibaba Cloud CLI config.json as written by \"aliyun configure\"", file, syntax.Offset)
		}
		return nil, fmt.Errorf("%s is not an Alibaba Cloud CLI config.json as written by \"aliyun configure\"", file)
	}
	if name == "" {
		name, nameFrom = conf.Current, "the file's current setting"
		if name == "" {
			return nil, fmt.Errorf("%s has no current profile: set profile or %s, or run \"aliyun configure switch\"", file, join(variables(profile), " or "))
		}
	}

	var names []string
	for _, p := range conf.Profiles {
		if p.Name != name {
			names = append(names, p.Name)
			continue
		}
		cli, err := providers.NewCLIProfileCredentialsProviderBuilder().
			WithProfileFile(file).WithProfileName(name).Build()
		if err != nil {
			return nil, fmt.Errorf("profile %q in %s: %w", name, file, err)
		}
		return &base{
			plan:     Plan{Type: TypeCLIProfile, ProfileName: name, ProfileFile: file},
			source:   fmt.Sprintf("Alibaba Cloud CLI profile %q (mode %s, chosen by %s) in %s", name, p.Mode, nameFrom, file),
			provider: cli,
		}, nil
	}
	return nil, fmt.Errorf("profile %q (from %s) is not in %s; profiles there: %s",
		name, nameFrom, file, strings.Join(names, ", "))
}
