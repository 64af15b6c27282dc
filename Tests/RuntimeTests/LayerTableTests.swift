import Testing
import Runtime

struct LayerTableTests {
    static func profile(scale: Int64, dropping: Set<String> = []) -> LayerProfile {
        let runs = [LayerAttributionTests.captured.map { node -> NodeTiming in
            var n = node
            n.realTimeMicroseconds *= scale
            return n
        }]
        var layers = LayerAttributionTests.layers
        layers[0].outputShape = [1, 8, 32, 32]
        layers[0].macs = 221_184
        layers[0].parameters = 216
        layers[0].sparsity = 0.25
        return LayerProfile(runs: runs, layers: layers)
    }

    @Test func singleModelText() {
        #expect(LayerTable.text(Self.profile(scale: 1)) == """
            layer                  op                 kernel                precision  fused                                     output       MACs  params  sparsity     ms     %
            ---------------------  -----------------  --------------------  ---------  ----------------------------------------  ---------  ------  ------  --------  -----  ----
            conv1                  Conv               brgconv_avx2_f32      f32        bn1+relu                                  1x8x32x32  221184     216     25.0%  0.072  12.7
            layer1.0.conv1         Conv               brgconv_avx2_f32      f32        layer1.0.bn1+layer1.0.relu1               -               -       -         -  0.125  22.1
            layer1.0.downsample.0  Conv               brgconv_avx2_1x1_f32  f32        layer1.0.downsample.1                     -               -       -         -  0.051   9.0
            layer1.0.conv2         Conv               brgconv_avx2_f32      f32        layer1.0.bn2+layer1.0.add+layer1.0.relu2  -               -       -         -  0.130  23.0
            avgpool                GlobalAveragePool  jit                   -          flatten                                   -               -       -         -  0.012   2.1
            fc                     Gemm               gemm_mlas_f32         f32                                                  -               -       -         -  0.160  28.3

            reorders and conversions:
            node                    op       kernel  precision     ms    %
            ----------------------  -------  ------  ---------  -----  ---
            reorder before conv1    Reorder  jit     -          0.012  2.1
            reorder before flatten  Reorder  jit     -          0.004  0.7
            total 0.566 ms (sum of per-layer medians over 1 runs)

            """)
    }

    @Test func singleModelCSV() {
        let lines = LayerTable.csv(Self.profile(scale: 1)).split(separator: "\n")
        #expect(lines.count == 9)
        #expect(lines[0] == "kind,layer,op,kernel,precision,fused,runtime_nodes,output_shape,macs,params,sparsity,median_ms,percent")
        #expect(lines[1] == "layer,conv1,Conv,brgconv_avx2_f32,f32,bn1+relu,Multiply_3954,1x8x32x32,221184,216,25.0%,0.0720,12.72")
        #expect(lines[6] == "layer,fc,Gemm,gemm_mlas_f32,f32,,logits,,,,,0.1600,28.27")
        #expect(lines[7] == "reorder,reorder before conv1,Reorder,jit,,,input_abcd_acdb_Multiply_3954,,,,,0.0120,2.12")
    }

    @Test func baselineSideBySide() {
        let text = LayerTable.text(Self.profile(scale: 1), baseline: Self.profile(scale: 2))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "layer                   op                 base prec  base ms  base %  prec     ms     %  speed-up")
        #expect(lines[2] == "conv1                   Conv                     f32    0.144    12.7   f32  0.072  12.7     2.00x")
        #expect(lines.last(where: { !$0.isEmpty }) == "total 1.132 ms -> 0.566 ms (2.00x; sums of per-layer medians over 1 and 1 runs)")
        let csv = LayerTable.csv(Self.profile(scale: 1), baseline: Self.profile(scale: 2)).split(separator: "\n")
        #expect(csv[0] == "kind,layer,op,baseline_precision,baseline_ms,baseline_percent,precision,median_ms,percent,speedup")
        #expect(csv[1] == "layer,conv1,Conv,f32,0.1440,12.72,f32,0.0720,12.72,2.0000")
    }
}
