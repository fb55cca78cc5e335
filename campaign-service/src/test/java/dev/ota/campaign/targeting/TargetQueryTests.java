package dev.ota.campaign.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.campaign.targeting.TargetQuery.And;
import dev.ota.campaign.targeting.TargetQuery.Comparison;
import dev.ota.campaign.targeting.TargetQuery.Operator;
import dev.ota.campaign.targeting.TargetQuery.Or;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetQueryTests {

    @Test
    void andBindsTighterThanOr() {
        TargetQuery query = TargetQuery.parse("model==ID.4;region==EU,model==ID.3");

        assertThat(query).isInstanceOf(Or.class);
        Or or = (Or) query;
        assertThat(or.parts().get(0)).isInstanceOf(And.class);
        assertThat(or.parts().get(1))
                .isEqualTo(new Comparison(new TargetField(TargetField.Kind.MODEL, null), Operator.EQ, List.of("ID.3")));
    }

    @Test
    void parenthesesGroupAndValueListsAndQuotedValuesParse() {
        TargetQuery query = TargetQuery.parse("(region=in=(EU, 'North America'),tag==fleet) ; modelYear=ge=2022");

        And and = (And) query;
        Or or = (Or) and.parts().get(0);
        assertThat(((Comparison) or.parts().get(0)).values()).containsExactly("EU", "North America");
        assertThat(and.parts().get(1))
                .isEqualTo(new Comparison(
                        new TargetField(TargetField.Kind.MODEL_YEAR, null), Operator.GE, List.of("2022")));
    }

    @Test
    void ecuFieldsNameTheHardwareId() {
        Comparison query = (Comparison) TargetQuery.parse("ecu.brake-ctrl-v2.releaseCounter<42");

        assertThat(query.field()).isEqualTo(new TargetField(TargetField.Kind.ECU_RELEASE_COUNTER, "brake-ctrl-v2"));
        assertThat(query.operator()).isEqualTo(Operator.LT);
    }

    @Test
    void unknownFieldIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> TargetQuery.parse("colour==red"))
                .isInstanceOf(InvalidTargetQueryException.class)
                .hasMessageContaining("unknown field 'colour'")
                .hasMessageContaining("modelYear");
    }

    @Test
    void missingOperatorIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> TargetQuery.parse("model=ID.4"))
                .isInstanceOf(InvalidTargetQueryException.class)
                .hasMessageStartingWith("expected an operator")
                .hasMessageContaining("position 5");
    }

    @Test
    void orderingOnTextFieldsAndWordsInNumericFieldsAreRefused() {
        assertThatThrownBy(() -> TargetQuery.parse("model=gt=ID.4"))
                .hasMessageContaining("ordering operators apply to numeric fields");
        assertThatThrownBy(() -> TargetQuery.parse("modelYear==new")).hasMessageContaining("needs a whole number");
    }

    @Test
    void unbalancedParenthesesAndTrailingInputAreRefused() {
        assertThatThrownBy(() -> TargetQuery.parse("(model==ID.4")).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> TargetQuery.parse("model==ID.4)")).hasMessageContaining("unexpected ')'");
        assertThatThrownBy(() -> TargetQuery.parse("  ")).hasMessage("the query is empty");
    }

    @Test
    void valuesAreBoundAsParametersNeverConcatenated() {
        SqlFilter filter = SqlTranslator.translate(TargetQuery.parse("model==\"x' or 1=1 --\""));

        assertThat(filter.where()).isEqualTo("v.model = :q0");
        assertThat(filter.params()).containsEntry("q0", "x' or 1=1 --");
    }

    @Test
    void wildcardBecomesLikeWithSqlMetacharactersEscaped() {
        SqlFilter filter = SqlTranslator.translate(TargetQuery.parse("vin==WVW_*"));

        assertThat(filter.where()).isEqualTo("v.vin like :q0");
        assertThat(filter.params()).containsEntry("q0", "WVW\\_%");
    }

    @Test
    void notEqualOnAnEcuVersionAlsoMatchesEcusThatReportedNoVersion() {
        SqlFilter filter = SqlTranslator.translate(TargetQuery.parse("ecu.brake.version!=2.4.1"));

        assertThat(filter.where())
                .isEqualTo("((v.software -> cast(:q0 as text)) is not null and ((v.software -> cast(:q0 as text))"
                        + " ->> 'version' is null or not (v.software -> cast(:q0 as text)) ->> 'version' = :q1))");
        assertThat(filter.params()).containsEntry("q0", "brake").containsEntry("q1", "2.4.1");
    }

    @Test
    void installedReleaseCounterIsComparedAsANumberFromTheVehiclesSoftwareSummary() {
        SqlFilter filter = SqlTranslator.translate(TargetQuery.parse("ecu.brake.releaseCounter=lt=42"));

        assertThat(filter.where())
                .isEqualTo("cast((v.software -> cast(:q0 as text)) ->> 'releaseCounter' as bigint) < :q1");
        assertThat(filter.params()).containsEntry("q0", "brake").containsEntry("q1", 42L);
    }
}
