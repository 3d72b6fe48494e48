package moodstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ProviderSelectorTest {
    private static final EnumSet<OrtProvider> CPU_ONLY = EnumSet.of(OrtProvider.CPU);
    private static final EnumSet<OrtProvider> WITH_CUDA = EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA);

    @Test
    void autoPrefersCudaWhenReported() {
        assertThat(ProviderSelector.select(ExecutionProvider.AUTO, WITH_CUDA)).isEqualTo(ExecutionProvider.CUDA);
        assertThat(ProviderSelector.select(ExecutionProvider.AUTO, CPU_ONLY)).isEqualTo(ExecutionProvider.CPU);
    }

    @Test
    void cpuIsAlwaysCpu() {
        assertThat(ProviderSelector.select(ExecutionProvider.CPU, WITH_CUDA)).isEqualTo(ExecutionProvider.CPU);
    }

    @Test
    void cudaWithoutCudaIsAClearError() {
        assertThat(ProviderSelector.select(ExecutionProvider.CUDA, WITH_CUDA)).isEqualTo(ExecutionProvider.CUDA);
        assertThatThrownBy(() -> ProviderSelector.select(ExecutionProvider.CUDA, CPU_ONLY))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("cuda").hasMessageContaining("-Pgpu").hasMessageContaining("--provider cpu");
    }

    @Test
    void theRealRuntimeOnThisBuildDecidesConsistently() {
        // The CPU build reports no CUDA: auto must fall back, cuda must refuse. On a -Pgpu build with a GPU, both pick CUDA.
        var available = OrtEnvironment.getAvailableProviders();
        assertThat(available).contains(OrtProvider.CPU);
        ExecutionProvider auto = ProviderSelector.select(ExecutionProvider.AUTO, available);
        assertThat(auto).isEqualTo(available.contains(OrtProvider.CUDA) ? ExecutionProvider.CUDA : ExecutionProvider.CPU);
    }

    @Test
    void parsesUserInput() {
        assertThat(ExecutionProvider.parse(" Cuda ")).isEqualTo(ExecutionProvider.CUDA);
        assertThatThrownBy(() -> ExecutionProvider.parse("gpu")).hasMessageContaining("use cpu, cuda or auto");
    }
}
