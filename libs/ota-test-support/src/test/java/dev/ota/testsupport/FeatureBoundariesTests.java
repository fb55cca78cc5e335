package dev.ota.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.ota.testsupport.fixture.alpha.Alpha;
import dev.ota.testsupport.fixture.alpha.internal.AlphaRepository;
import dev.ota.testsupport.fixture.beta.Beta;
import dev.ota.testsupport.fixture.gamma.Gamma;
import org.junit.jupiter.api.Test;

class FeatureBoundariesTests {

    private static final String ROOT = "dev.ota.testsupport.fixture";

    @Test
    void aFeatureMayUseAnotherFeaturesApiAndItsOwnInternals() {
        JavaClasses classes = new ClassFileImporter().importClasses(Alpha.class, AlphaRepository.class, Beta.class);
        assertThatCode(() -> FeatureBoundaries.rule(ROOT).check(classes)).doesNotThrowAnyException();
    }

    @Test
    void reachingIntoAnotherFeaturesInternalsIsAViolationThatNamesTheDependency() {
        JavaClasses classes = new ClassFileImporter().importClasses(Alpha.class, AlphaRepository.class, Gamma.class);
        assertThatThrownBy(() -> FeatureBoundaries.rule(ROOT).check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Gamma")
                .hasMessageContaining("AlphaRepository");
    }
}
