package dev.cake.workers.ops;

import dev.cake.core.promotion.CampaignForm;
import dev.cake.core.promotion.CampaignService;
import dev.cake.workers.OpsCommand;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "create-campaign", mixinStandardHelpOptions = true,
    description = "Create a first-login campaign (the same rules as POST /promotions/campaigns). Prints its id.")
public final class CreateCampaignCommand implements OpsCommand {
  @Option(names = "--name", required = true, description = "1-255 characters.")
  String name;

  @Option(names = "--description", description = "Optional.")
  String description;

  @Option(names = "--start", description = "ISO-8601 start (default: now).")
  String start;

  @Option(names = "--end", description = "ISO-8601 end (default: 30 days after the start).")
  String end;

  @Option(names = "--max-participants", description = "1-1000000 (default 100).")
  Integer maxParticipants;

  @Option(names = "--discount", description = "Percentage 0.01-100 (default 30).")
  BigDecimal discountPercentage;

  @Option(names = "--min-topup", description = "Minimum top-up amount (default 0).")
  BigDecimal minTopupAmount;

  @Option(names = "--max-discount", description = "Cap on the discount amount (default: none).")
  BigDecimal maxDiscountAmount;

  @Option(names = "--validity-days", description = "Voucher validity 1-365 days (default 30).")
  Integer voucherValidityDays;

  private final CampaignService campaigns;
  private final Clock clock;

  @Inject
  public CreateCampaignCommand(CampaignService campaigns, Clock clock) {
    this.campaigns = campaigns;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String startAt = start != null ? start : now.toString();
    String endAt = end != null ? end : now.plus(30, ChronoUnit.DAYS).toString();
    var created = campaigns.create(new CampaignForm(name, description, null, startAt, endAt, maxParticipants,
        discountPercentage, minTopupAmount, maxDiscountAmount, voucherValidityDays));
    System.err.printf("created campaign '%s': %d slots, %s%% off, %s .. %s%n", created.name(),
        created.maxParticipants(), created.discountPercentage().toPlainString(), created.startAt(), created.endAt());
    System.out.println(created.id());
    return 0;
  }
}
