package framework

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkDecodeOutput decodes a typical command's output and a large one,
// as every read of swas_invocation_result does.
func BenchmarkDecodeOutput(b *testing.B) {
	for _, size := range []int{1 << 10, 1 << 20} {
		b.Run(fmt.Sprintf("output=%dKiB", size>>10), func(b *testing.B) {
			encoded := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("deploying, all good\n", size/20+1)[:size]))
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if _, replaced, err := DecodeOutput(encoded); err != nil || replaced != 0 {
					b.Fatal(replaced, err)
				}
			}
		})
	}
}
