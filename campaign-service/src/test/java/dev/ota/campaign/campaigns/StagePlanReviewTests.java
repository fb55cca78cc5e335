package dev.ota.campaign.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.events.HealthCriteria;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagePlanReviewTests {

    private static final List<StagePlan> ONE_FIVE_TWENTY_FIVE_ALL = List.of(
            new StagePlan(1.0, null, 0, Duration.ZERO, true),
            new StagePlan(5.0, null, 0, Duration.ZERO, true),
            new StagePlan(25.0, null, 0, Duration.ZERO, true),
            new StagePlan(100.0, null, 0, Duration.ZERO, true));

    @Test
    void aOnePercentCanaryOfAThousandCarsCannotPassTheDefaultCriteriaAndSaysWhatItNeeds() {
        StagePlanReview review = StagePlanReview.of(ONE_FIVE_TWENTY_FIVE_ALL, HealthCriteria.DEFAULT, 1_000);

        assertThat(review.smallestPassingStage()).isEqualTo(52);
        assertThat(review.stages())
                .extracting(StagePlanReview.StageReview::vehicles)
                .containsExactly(10, 50, 250, 690);
        assertThat(review.stages())
                .extracting(StagePlanReview.StageReview::canPass)
                .containsExactly(false, false, true, true);
        assertThat(review.warnings())
                .containsExactly(
                        "stage 1 (10 vehicles) cannot PASS: with no failure among 10, the 95% upper bound of the"
                                + " failure rate is 21.3%, above the 5% allowed; a stage needs at least 52. It will"
                                + " end INSUFFICIENT_DATA and wait for a person to advance it",
                        "stage 2 (50 vehicles) cannot PASS: with no failure among 50, the 95% upper bound of the"
                                + " failure rate is 5.1%, above the 5% allowed; a stage needs at least 52. It will"
                                + " end INSUFFICIENT_DATA and wait for a person to advance it");
    }

    @Test
    void stagesLargeEnoughForTheirCriteriaGetNoWarning() {
        var lenient = new HealthCriteria(0.2, 5, 0.9, Duration.ofMinutes(5), 0);

        StagePlanReview review = StagePlanReview.of(ONE_FIVE_TWENTY_FIVE_ALL, lenient, 1_000);

        assertThat(review.smallestPassingStage()).isEqualTo(7);
        assertThat(review.warnings()).isEmpty();
        assertThat(review.stages())
                .allSatisfy(stage -> assertThat(stage.canPass()).isTrue());
    }

    @Test
    void namesTheMinimumSampleWhenThatIsWhatTheStageLacks() {
        var strictSample = new HealthCriteria(0.2, 40, 0.9, Duration.ofMinutes(5), 0);

        StagePlanReview review = StagePlanReview.of(ONE_FIVE_TWENTY_FIVE_ALL, strictSample, 1_000);

        assertThat(review.warnings())
                .containsExactly(
                        "stage 1 (10 vehicles) cannot PASS: fewer than the criteria's minSamples of 40; a stage"
                                + " needs at least 40. It will end INSUFFICIENT_DATA and wait for a person to"
                                + " advance it");
    }

    @Test
    void warnsOfAnEmptyTargetOfStagesLeftWithoutVehiclesAndOfCriteriaNoSampleCanProve() {
        assertThat(StagePlanReview.of(ONE_FIVE_TWENTY_FIVE_ALL, HealthCriteria.DEFAULT, 0)
                        .warnings())
                .containsExactly("the target matches no registered vehicle now");

        List<StagePlan> countsTooLarge = List.of(
                new StagePlan(null, 100, 0, Duration.ZERO, true), new StagePlan(100.0, null, 0, Duration.ZERO, true));
        StagePlanReview leftOver = StagePlanReview.of(countsTooLarge, HealthCriteria.DEFAULT, 80);
        assertThat(leftOver.stages())
                .extracting(StagePlanReview.StageReview::vehicles)
                .containsExactly(80, 0);
        assertThat(leftOver.warnings()).containsExactly("stage 2 gets no vehicle: the stages before it take all 80");

        var noFailureAllowed = new HealthCriteria(0, 20, 0.95, Duration.ofMinutes(5), 0);
        StagePlanReview unprovable = StagePlanReview.of(ONE_FIVE_TWENTY_FIVE_ALL, noFailureAllowed, 1_000);
        assertThat(unprovable.smallestPassingStage()).isNull();
        assertThat(unprovable.stages()).noneMatch(StagePlanReview.StageReview::canPass);
        assertThat(unprovable.warnings())
                .containsExactly("a maxFailureRate of 0 can never be proven: every stage will end INSUFFICIENT_DATA"
                        + " (or FAIL) and wait for a person to advance it");
    }
}
