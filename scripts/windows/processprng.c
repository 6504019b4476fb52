/* Wine 8 lacks bcryptprimitives.dll, whose ProcessPrng Rust's std (1.78+) uses for
 * randomness on Windows: without it every Rust program dies at start under Wine.
 * Real Windows 10/11 has the DLL; this shim is only copied into the throw-away Wine
 * prefix of scripts/windows.sh, never shipped. */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > (1u << 28) ? (1u << 28) : (ULONG)len;
        if (!RtlGenRandom(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
