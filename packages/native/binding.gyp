{
  "targets": [
    {
      "target_name": "gogepo_native",
      "sources": [
        "csrc/addon.cc",
        "csrc/cpu.cc",
        "csrc/ddpg.cc",
        "csrc/gemm.cc",
        "csrc/gogepo.cc",
        "csrc/mlp.cc",
        "csrc/policy.cc",
        "csrc/threads.cc",
        "csrc/vmath.cc"
      ],
      "cflags_cc!": [
        "-fno-exceptions"
      ],
      "cflags_cc": [
        "-std=c++17",
        "-O3",
        "-fexceptions",
        "-ffp-contract=off"
      ],
      "ldflags": [
        "-pthread"
      ],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "OTHER_CPLUSPLUSFLAGS": [
          "-std=c++17",
          "-O3",
          "-ffp-contract=off"
        ]
      }
    }
  ]
}
