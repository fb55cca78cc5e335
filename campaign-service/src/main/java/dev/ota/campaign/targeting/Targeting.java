package dev.ota.campaign.targeting;

import dev.ota.campaign.targeting.TargetSelector.ByQuery;
import dev.ota.campaign.targeting.TargetSelector.BySegment;
import dev.ota.campaign.targeting.TargetSelector.ByVins;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Resolves selectors against the registry: previews, SQL filters for the rollout engine, and saved segments. */
@Service
public class Targeting {

    private static final Pattern SEGMENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private final JdbcClient jdbc;

    Targeting(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The selector as a SQL condition over {@code vehicle v}; validates the query and resolves the segment. */
    public SqlFilter filter(TargetSelector selector) {
        return switch (selector) {
            case ByQuery query -> SqlTranslator.translate(TargetQuery.parse(query.query()));
            case ByVins vins -> new SqlFilter("v.vin in (:vins)", Map.of("vins", vins.vins()));
            case BySegment segment ->
                SqlTranslator.translate(TargetQuery.parse(segment(segment.segment())
                        .orElseThrow(() -> new UnknownSegmentException(segment.segment()))
                        .query()));
        };
    }

    /** How many registered vehicles the selector matches now, by model and by region. */
    @Transactional(readOnly = true)
    public TargetPreview preview(TargetSelector selector) {
        SqlFilter filter = filter(selector);
        Map<String, Long> byModel = new TreeMap<>();
        Map<String, Long> byRegion = new TreeMap<>();
        long[] total = {0};
        jdbc.sql("select v.model, v.region, count(*) as n from vehicle v where " + filter.where()
                        + " group by v.model, v.region")
                .params(filter.params())
                .query(rs -> {
                    long n = rs.getLong("n");
                    byModel.merge(rs.getString("model"), n, Long::sum);
                    byRegion.merge(rs.getString("region"), n, Long::sum);
                    total[0] += n;
                });
        return new TargetPreview(total[0], byModel, byRegion);
    }

    /** The first {@code limit} registered vehicles the selector matches, in VIN order (a fleet search's result page). */
    @Transactional(readOnly = true)
    public List<String> matchingVins(TargetSelector selector, int limit) {
        SqlFilter filter = filter(selector);
        return jdbc.sql("select v.vin from vehicle v where " + filter.where() + " order by v.vin limit :limit")
                .params(filter.params())
                .param("limit", Math.min(Math.max(limit, 1), 500))
                .query(String.class)
                .list();
    }

    @Transactional
    public Segment saveSegment(String name, String query, String description, String actor) {
        if (!SEGMENT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a segment name is 1..100 letters, digits, '.', '_' or '-'");
        }
        TargetQuery.parse(query);
        try {
            jdbc.sql("insert into segment (name, query, description, created_by) values (:n, :q, :d, :a)")
                    .param("n", name)
                    .param("q", query)
                    .param("d", description)
                    .param("a", actor)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new IllegalStateException("a segment named '" + name + "' already exists");
        }
        return segment(name).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Optional<Segment> segment(String name) {
        return jdbc.sql("select * from segment where name = :n")
                .param("n", name)
                .query((rs, n) -> new Segment(
                        rs.getString("name"),
                        rs.getString("query"),
                        rs.getString("description"),
                        rs.getString("created_by"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    @Transactional(readOnly = true)
    public List<Segment> segments() {
        return jdbc.sql("select * from segment order by name")
                .query((rs, n) -> new Segment(
                        rs.getString("name"),
                        rs.getString("query"),
                        rs.getString("description"),
                        rs.getString("created_by"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
