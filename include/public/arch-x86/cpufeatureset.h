/* SPDX-License-Identifier: MIT */
/*
 * The x86 featureset: every CPU feature the hypervisor knows, named and
 * numbered by its position in a bitmap of 32-bit words (word w, bit b
 * is feature w * 32 + b), each word being one CPUID register or MSR
 * half. Toolstacks exchange CPU policies as such bitmaps
 * (XEN_SYSCTL_get_cpu_featureset).
 *
 * The one idea: this is an X-macro list. Included plainly, it defines
 * enum constants XEN_X86_FEATURE_<name>. A user that wants something
 * else defines XEN_CPUFEATURE(name, value) first and gets one
 * expansion per feature, as often as it includes the file.
 * Words are only ever appended; bits never move.
 */
#ifndef XEN_CPUFEATURE
#ifndef __XEN_PUBLIC_ARCH_X86_CPUFEATURESET_H__
#define __XEN_PUBLIC_ARCH_X86_CPUFEATURESET_H__

/* The plain include: open an enum, closed again at the bottom. */
#define XEN_CPUFEATURESET_DEFAULT_INCLUDE
#define XEN_CPUFEATURE(name, value) XEN_X86_FEATURE_##name = value,
enum {

#endif /* __XEN_PUBLIC_ARCH_X86_CPUFEATURESET_H__ */
#endif /* !XEN_CPUFEATURE */

#ifdef XEN_CPUFEATURE
/* Word 0: CPUID 0x00000001, EDX. */
XEN_CPUFEATURE(FPU,                0 * 32 +  0)
XEN_CPUFEATURE(VME,                0 * 32 +  1)
XEN_CPUFEATURE(DE,                 0 * 32 +  2)
XEN_CPUFEATURE(PSE,                0 * 32 +  3)
XEN_CPUFEATURE(TSC,                0 * 32 +  4)
XEN_CPUFEATURE(MSR,                0 * 32 +  5)
XEN_CPUFEATURE(PAE,                0 * 32 +  6)
XEN_CPUFEATURE(MCE,                0 * 32 +  7)
XEN_CPUFEATURE(CX8,                0 * 32 +  8)
XEN_CPUFEATURE(APIC,               0 * 32 +  9)
XEN_CPUFEATURE(SEP,                0 * 32 + 11)
XEN_CPUFEATURE(MTRR,               0 * 32 + 12)
XEN_CPUFEATURE(PGE,                0 * 32 + 13)
XEN_CPUFEATURE(MCA,                0 * 32 + 14)
XEN_CPUFEATURE(CMOV,               0 * 32 + 15)
XEN_CPUFEATURE(PAT,                0 * 32 + 16)
XEN_CPUFEATURE(PSE36,              0 * 32 + 17)
XEN_CPUFEATURE(CLFLUSH,            0 * 32 + 19)
XEN_CPUFEATURE(DS,                 0 * 32 + 21)
XEN_CPUFEATURE(ACPI,               0 * 32 + 22)
XEN_CPUFEATURE(MMX,                0 * 32 + 23)
XEN_CPUFEATURE(FXSR,               0 * 32 + 24)
XEN_CPUFEATURE(SSE,                0 * 32 + 25)
XEN_CPUFEATURE(SSE2,               0 * 32 + 26)
XEN_CPUFEATURE(SS,                 0 * 32 + 27)
XEN_CPUFEATURE(HTT,                0 * 32 + 28)
XEN_CPUFEATURE(TM1,                0 * 32 + 29)
XEN_CPUFEATURE(PBE,                0 * 32 + 31)

/* Word 1: CPUID 0x00000001, ECX. */
XEN_CPUFEATURE(SSE3,               1 * 32 +  0)
XEN_CPUFEATURE(PCLMULQDQ,          1 * 32 +  1)
XEN_CPUFEATURE(DTES64,             1 * 32 +  2)
XEN_CPUFEATURE(MONITOR,            1 * 32 +  3)
XEN_CPUFEATURE(DSCPL,              1 * 32 +  4)
XEN_CPUFEATURE(VMX,                1 * 32 +  5)
XEN_CPUFEATURE(SMX,                1 * 32 +  6)
XEN_CPUFEATURE(EIST,               1 * 32 +  7)
XEN_CPUFEATURE(TM2,                1 * 32 +  8)
XEN_CPUFEATURE(SSSE3,              1 * 32 +  9)
XEN_CPUFEATURE(FMA,                1 * 32 + 12)
XEN_CPUFEATURE(CX16,               1 * 32 + 13)
XEN_CPUFEATURE(XTPR,               1 * 32 + 14)
XEN_CPUFEATURE(PDCM,               1 * 32 + 15)
XEN_CPUFEATURE(PCID,               1 * 32 + 17)
XEN_CPUFEATURE(DCA,                1 * 32 + 18)
XEN_CPUFEATURE(SSE4_1,             1 * 32 + 19)
XEN_CPUFEATURE(SSE4_2,             1 * 32 + 20)
XEN_CPUFEATURE(X2APIC,             1 * 32 + 21)
XEN_CPUFEATURE(MOVBE,              1 * 32 + 22)
XEN_CPUFEATURE(POPCNT,             1 * 32 + 23)
XEN_CPUFEATURE(TSC_DEADLINE,       1 * 32 + 24)
XEN_CPUFEATURE(AESNI,              1 * 32 + 25)
XEN_CPUFEATURE(XSAVE,              1 * 32 + 26)
XEN_CPUFEATURE(OSXSAVE,            1 * 32 + 27)
XEN_CPUFEATURE(AVX,                1 * 32 + 28)
XEN_CPUFEATURE(F16C,               1 * 32 + 29)
XEN_CPUFEATURE(RDRAND,             1 * 32 + 30)
XEN_CPUFEATURE(HYPERVISOR,         1 * 32 + 31)

/* Word 2: CPUID 0x80000001, EDX. */
XEN_CPUFEATURE(SYSCALL,            2 * 32 + 11)
XEN_CPUFEATURE(NX,                 2 * 32 + 20)
XEN_CPUFEATURE(MMXEXT,             2 * 32 + 22)
XEN_CPUFEATURE(FFXSR,              2 * 32 + 25)
XEN_CPUFEATURE(PAGE1GB,            2 * 32 + 26)
XEN_CPUFEATURE(RDTSCP,             2 * 32 + 27)
XEN_CPUFEATURE(LM,                 2 * 32 + 29)
XEN_CPUFEATURE(3DNOWEXT,           2 * 32 + 30)
XEN_CPUFEATURE(3DNOW,              2 * 32 + 31)

/* Word 3: CPUID 0x80000001, ECX. */
XEN_CPUFEATURE(LAHF_LM,            3 * 32 +  0)
XEN_CPUFEATURE(CMP_LEGACY,         3 * 32 +  1)
XEN_CPUFEATURE(SVM,                3 * 32 +  2)
XEN_CPUFEATURE(EXTAPIC,            3 * 32 +  3)
XEN_CPUFEATURE(CR8_LEGACY,         3 * 32 +  4)
XEN_CPUFEATURE(ABM,                3 * 32 +  5)
XEN_CPUFEATURE(SSE4A,              3 * 32 +  6)
XEN_CPUFEATURE(MISALIGNSSE,        3 * 32 +  7)
XEN_CPUFEATURE(3DNOWPREFETCH,      3 * 32 +  8)
XEN_CPUFEATURE(OSVW,               3 * 32 +  9)
XEN_CPUFEATURE(IBS,                3 * 32 + 10)
XEN_CPUFEATURE(XOP,                3 * 32 + 11)
XEN_CPUFEATURE(SKINIT,             3 * 32 + 12)
XEN_CPUFEATURE(WDT,                3 * 32 + 13)
XEN_CPUFEATURE(LWP,                3 * 32 + 15)
XEN_CPUFEATURE(FMA4,               3 * 32 + 16)
XEN_CPUFEATURE(NODEID_MSR,         3 * 32 + 19)
XEN_CPUFEATURE(TBM,                3 * 32 + 21)
XEN_CPUFEATURE(TOPOEXT,            3 * 32 + 22)
XEN_CPUFEATURE(DBEXT,              3 * 32 + 26)
XEN_CPUFEATURE(MONITORX,           3 * 32 + 29)

/* Word 4: CPUID 0x0000000d subleaf 1, EAX. */
XEN_CPUFEATURE(XSAVEOPT,           4 * 32 +  0)
XEN_CPUFEATURE(XSAVEC,             4 * 32 +  1)
XEN_CPUFEATURE(XGETBV1,            4 * 32 +  2)
XEN_CPUFEATURE(XSAVES,             4 * 32 +  3)

/* Word 5: CPUID 0x00000007 subleaf 0, EBX. */
XEN_CPUFEATURE(FSGSBASE,           5 * 32 +  0)
XEN_CPUFEATURE(TSC_ADJUST,         5 * 32 +  1)
XEN_CPUFEATURE(SGX,                5 * 32 +  2)
XEN_CPUFEATURE(BMI1,               5 * 32 +  3)
XEN_CPUFEATURE(HLE,                5 * 32 +  4)
XEN_CPUFEATURE(AVX2,               5 * 32 +  5)
XEN_CPUFEATURE(FDP_EXCP_ONLY,      5 * 32 +  6)
XEN_CPUFEATURE(SMEP,               5 * 32 +  7)
XEN_CPUFEATURE(BMI2,               5 * 32 +  8)
XEN_CPUFEATURE(ERMS,               5 * 32 +  9)
XEN_CPUFEATURE(INVPCID,            5 * 32 + 10)
XEN_CPUFEATURE(RTM,                5 * 32 + 11)
XEN_CPUFEATURE(PQM,                5 * 32 + 12)
XEN_CPUFEATURE(NO_FPU_SEL,         5 * 32 + 13)
XEN_CPUFEATURE(MPX,                5 * 32 + 14)
XEN_CPUFEATURE(PQE,                5 * 32 + 15)
XEN_CPUFEATURE(AVX512F,            5 * 32 + 16)
XEN_CPUFEATURE(AVX512DQ,           5 * 32 + 17)
XEN_CPUFEATURE(RDSEED,             5 * 32 + 18)
XEN_CPUFEATURE(ADX,                5 * 32 + 19)
XEN_CPUFEATURE(SMAP,               5 * 32 + 20)
XEN_CPUFEATURE(AVX512_IFMA,        5 * 32 + 21)
XEN_CPUFEATURE(CLFLUSHOPT,         5 * 32 + 23)
XEN_CPUFEATURE(CLWB,               5 * 32 + 24)
XEN_CPUFEATURE(PROC_TRACE,         5 * 32 + 25)
XEN_CPUFEATURE(AVX512PF,           5 * 32 + 26)
XEN_CPUFEATURE(AVX512ER,           5 * 32 + 27)
XEN_CPUFEATURE(AVX512CD,           5 * 32 + 28)
XEN_CPUFEATURE(SHA,                5 * 32 + 29)
XEN_CPUFEATURE(AVX512BW,           5 * 32 + 30)
XEN_CPUFEATURE(AVX512VL,           5 * 32 + 31)

/* Word 6: CPUID 0x00000007 subleaf 0, ECX. */
XEN_CPUFEATURE(PREFETCHWT1,        6 * 32 +  0)
XEN_CPUFEATURE(AVX512_VBMI,        6 * 32 +  1)
XEN_CPUFEATURE(UMIP,               6 * 32 +  2)
XEN_CPUFEATURE(PKU,                6 * 32 +  3)
XEN_CPUFEATURE(OSPKE,              6 * 32 +  4)
XEN_CPUFEATURE(AVX512_VBMI2,       6 * 32 +  6)
XEN_CPUFEATURE(CET_SS,             6 * 32 +  7)
XEN_CPUFEATURE(GFNI,               6 * 32 +  8)
XEN_CPUFEATURE(VAES,               6 * 32 +  9)
XEN_CPUFEATURE(VPCLMULQDQ,         6 * 32 + 10)
XEN_CPUFEATURE(AVX512_VNNI,        6 * 32 + 11)
XEN_CPUFEATURE(AVX512_BITALG,      6 * 32 + 12)
XEN_CPUFEATURE(AVX512_VPOPCNTDQ,   6 * 32 + 14)
XEN_CPUFEATURE(RDPID,              6 * 32 + 22)
XEN_CPUFEATURE(CLDEMOTE,           6 * 32 + 25)
XEN_CPUFEATURE(MOVDIRI,            6 * 32 + 27)
XEN_CPUFEATURE(MOVDIR64B,          6 * 32 + 28)
XEN_CPUFEATURE(ENQCMD,             6 * 32 + 29)

/* Word 7: CPUID 0x80000007, EDX. */
XEN_CPUFEATURE(HW_PSTATE,          7 * 32 +  7)
XEN_CPUFEATURE(ITSC,               7 * 32 +  8)
XEN_CPUFEATURE(CPB,                7 * 32 +  9)
XEN_CPUFEATURE(EFRO,               7 * 32 + 10)

/* Word 8: CPUID 0x80000008, EBX. */
XEN_CPUFEATURE(CLZERO,             8 * 32 +  0)
XEN_CPUFEATURE(RSTR_FP_ERR_PTRS,   8 * 32 +  2)
XEN_CPUFEATURE(WBNOINVD,           8 * 32 +  9)
XEN_CPUFEATURE(IBPB,               8 * 32 + 12)
XEN_CPUFEATURE(IBRS,               8 * 32 + 14)
XEN_CPUFEATURE(AMD_STIBP,          8 * 32 + 15)
XEN_CPUFEATURE(IBRS_ALWAYS,        8 * 32 + 16)
XEN_CPUFEATURE(STIBP_ALWAYS,       8 * 32 + 17)
XEN_CPUFEATURE(IBRS_FAST,          8 * 32 + 18)
XEN_CPUFEATURE(IBRS_SAME_MODE,     8 * 32 + 19)
XEN_CPUFEATURE(NO_LMSL,            8 * 32 + 20)
XEN_CPUFEATURE(AMD_PPIN,           8 * 32 + 23)
XEN_CPUFEATURE(AMD_SSBD,           8 * 32 + 24)
XEN_CPUFEATURE(VIRT_SSBD,          8 * 32 + 25)
XEN_CPUFEATURE(SSB_NO,             8 * 32 + 26)
XEN_CPUFEATURE(PSFD,               8 * 32 + 28)
XEN_CPUFEATURE(BTC_NO,             8 * 32 + 29)
XEN_CPUFEATURE(IBPB_RET,           8 * 32 + 30)

/* Word 9: CPUID 0x00000007 subleaf 0, EDX. */
XEN_CPUFEATURE(AVX512_4VNNIW,      9 * 32 +  2)
XEN_CPUFEATURE(AVX512_4FMAPS,      9 * 32 +  3)
XEN_CPUFEATURE(FSRM,               9 * 32 +  4)
XEN_CPUFEATURE(AVX512_VP2INTERSECT,  9 * 32 +  8)
XEN_CPUFEATURE(SRBDS_CTRL,         9 * 32 +  9)
XEN_CPUFEATURE(MD_CLEAR,           9 * 32 + 10)
XEN_CPUFEATURE(RTM_ALWAYS_ABORT,   9 * 32 + 11)
XEN_CPUFEATURE(TSX_FORCE_ABORT,    9 * 32 + 13)
XEN_CPUFEATURE(SERIALIZE,          9 * 32 + 14)
XEN_CPUFEATURE(HYBRID,             9 * 32 + 15)
XEN_CPUFEATURE(TSXLDTRK,           9 * 32 + 16)
XEN_CPUFEATURE(CET_IBT,            9 * 32 + 20)
XEN_CPUFEATURE(AVX512_FP16,        9 * 32 + 23)
XEN_CPUFEATURE(IBRSB,              9 * 32 + 26)
XEN_CPUFEATURE(STIBP,              9 * 32 + 27)
XEN_CPUFEATURE(L1D_FLUSH,          9 * 32 + 28)
XEN_CPUFEATURE(ARCH_CAPS,          9 * 32 + 29)
XEN_CPUFEATURE(CORE_CAPS,          9 * 32 + 30)
XEN_CPUFEATURE(SSBD,               9 * 32 + 31)

/* Word 10: CPUID 0x00000007 subleaf 1, EAX. */
XEN_CPUFEATURE(AVX_VNNI,          10 * 32 +  4)
XEN_CPUFEATURE(AVX512_BF16,       10 * 32 +  5)
XEN_CPUFEATURE(FZRM,              10 * 32 + 10)
XEN_CPUFEATURE(FSRS,              10 * 32 + 11)
XEN_CPUFEATURE(FSRCS,             10 * 32 + 12)

/* Word 11: CPUID 0x80000021, EAX. */
XEN_CPUFEATURE(LFENCE_DISPATCH,   11 * 32 +  2)
XEN_CPUFEATURE(VERW_CLEAR,        11 * 32 +  5)
XEN_CPUFEATURE(NSCB,              11 * 32 +  6)
XEN_CPUFEATURE(AUTO_IBRS,         11 * 32 +  8)
XEN_CPUFEATURE(SBPB,              11 * 32 + 27)
XEN_CPUFEATURE(IBPB_BRTYPE,       11 * 32 + 28)
XEN_CPUFEATURE(SRSO_NO,           11 * 32 + 29)
XEN_CPUFEATURE(SRSO_US_NO,        11 * 32 + 30)
XEN_CPUFEATURE(SRSO_MSR_FIX,      11 * 32 + 31)

/* Word 12: CPUID 0x00000007 subleaf 1, EBX. */
XEN_CPUFEATURE(INTEL_PPIN,        12 * 32 +  0)

/* Word 13: CPUID 0x00000007 subleaf 2, EDX. */
XEN_CPUFEATURE(INTEL_PSFD,        13 * 32 +  0)
XEN_CPUFEATURE(IPRED_CTRL,        13 * 32 +  1)
XEN_CPUFEATURE(RRSBA_CTRL,        13 * 32 +  2)
XEN_CPUFEATURE(BHI_CTRL,          13 * 32 +  4)
XEN_CPUFEATURE(MCDT_NO,           13 * 32 +  5)

/* Word 15: CPUID 0x00000007 subleaf 1, EDX. */
XEN_CPUFEATURE(CET_SSS,           15 * 32 + 18)

/* Word 16: MSR_ARCH_CAPABILITIES (0x10a), low half. */
XEN_CPUFEATURE(RDCL_NO,           16 * 32 +  0)
XEN_CPUFEATURE(EIBRS,             16 * 32 +  1)
XEN_CPUFEATURE(RSBA,              16 * 32 +  2)
XEN_CPUFEATURE(SKIP_L1DFL,        16 * 32 +  3)
XEN_CPUFEATURE(INTEL_SSB_NO,      16 * 32 +  4)
XEN_CPUFEATURE(MDS_NO,            16 * 32 +  5)
XEN_CPUFEATURE(IF_PSCHANGE_MC_NO, 16 * 32 +  6)
XEN_CPUFEATURE(TSX_CTRL,          16 * 32 +  7)
XEN_CPUFEATURE(TAA_NO,            16 * 32 +  8)
XEN_CPUFEATURE(MCU_CTRL,          16 * 32 +  9)
XEN_CPUFEATURE(MISC_PKG_CTRL,     16 * 32 + 10)
XEN_CPUFEATURE(ENERGY_FILTERING,  16 * 32 + 11)
XEN_CPUFEATURE(DOITM,             16 * 32 + 12)
XEN_CPUFEATURE(SBDR_SSDP_NO,      16 * 32 + 13)
XEN_CPUFEATURE(FBSDP_NO,          16 * 32 + 14)
XEN_CPUFEATURE(PSDP_NO,           16 * 32 + 15)
XEN_CPUFEATURE(FB_CLEAR,          16 * 32 + 17)
XEN_CPUFEATURE(FB_CLEAR_CTRL,     16 * 32 + 18)
XEN_CPUFEATURE(RRSBA,             16 * 32 + 19)
XEN_CPUFEATURE(BHI_NO,            16 * 32 + 20)
XEN_CPUFEATURE(XAPIC_STATUS,      16 * 32 + 21)
XEN_CPUFEATURE(OVRCLK_STATUS,     16 * 32 + 23)
XEN_CPUFEATURE(PBRSB_NO,          16 * 32 + 24)
XEN_CPUFEATURE(GDS_CTRL,          16 * 32 + 25)
XEN_CPUFEATURE(GDS_NO,            16 * 32 + 26)
XEN_CPUFEATURE(RFDS_NO,           16 * 32 + 27)
XEN_CPUFEATURE(RFDS_CLEAR,        16 * 32 + 28)
XEN_CPUFEATURE(ITS_NO,            16 * 32 + 62)

/* Word 18: CPUID 0x80000021, ECX. */
XEN_CPUFEATURE(TSA_SQ_NO,         18 * 32 +  1)
XEN_CPUFEATURE(TSA_L1_NO,         18 * 32 +  2)

#endif /* XEN_CPUFEATURE */

#ifdef XEN_CPUFEATURESET_DEFAULT_INCLUDE
#undef XEN_CPUFEATURESET_DEFAULT_INCLUDE
#undef XEN_CPUFEATURE
};
#endif
