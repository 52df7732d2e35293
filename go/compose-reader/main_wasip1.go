//go:build wasip1

package main

import "unsafe"

// A reactor (-buildmode=c-shared), so that one instance loads many projects: the host asks for an
// input buffer, writes the JSON request into it, calls load, then copies the JSON response from
// resultPointer. Files are the host's, through WASI preopens.
var input, result []byte

//go:wasmexport inputBuffer
func inputBuffer(size int32) int32 {
	input = make([]byte, size)
	if size == 0 {
		return 0
	}
	return int32(uintptr(unsafe.Pointer(&input[0])))
}

//go:wasmexport load
func loadExport() int32 {
	result = respond(input)
	input = nil
	return int32(len(result))
}

//go:wasmexport resultPointer
func resultPointer() int32 {
	return int32(uintptr(unsafe.Pointer(&result[0])))
}

func main() {}
