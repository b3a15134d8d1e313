package dev.cake.http.promotion;

import dev.cake.core.promotion.CampaignForm;
import dev.cake.core.promotion.CampaignService;
import dev.cake.core.promotion.PromotionService;
import dev.cake.http.Access;
import dev.cake.http.Authentication;
import dev.cake.http.JsonBody;
import dev.cake.http.Routes;
import dev.cake.http.Wire;
import io.javalin.config.RoutesConfig;
import jakarta.inject.Inject;
import java.time.Instant;

/** /promotions: campaigns (admin writes, public reads of running ones) and the caller's own promotions and vouchers. */
public final class PromotionRoutes implements Routes {
  private final CampaignService campaigns;
  private final PromotionService promotions;
  private final CampaignListCache list;
  private final JsonBody body;
  private final Authentication authentication;

  @Inject
  public PromotionRoutes(CampaignService campaigns, PromotionService promotions, CampaignListCache list,
                         JsonBody body, Authentication authentication) {
    this.authentication = authentication;
    this.campaigns = campaigns;
    this.promotions = promotions;
    this.list = list;
    this.body = body;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/promotions/campaigns", ctx -> {
      var created = campaigns.create(body.read(ctx, CampaignForm.class));
      list.invalidate();
      ctx.status(201).json(CampaignResponse.of(created));
    }, Access.ADMIN);

    routes.get("/promotions/campaigns", ctx -> ctx.contentType("application/json").result(list.json()),
        Access.ANYONE);

    routes.get("/promotions/campaigns/{id}", ctx -> {
      long id = Wire.id(ctx.pathParam("id"), "id");
      ctx.json(CampaignResponse.of(authentication.isAdmin(ctx) ? campaigns.get(id) : campaigns.getPublished(id)));
    }, Access.ANYONE);

    routes.patch("/promotions/campaigns/{id}", ctx -> {
      long id = Wire.id(ctx.pathParam("id"), "id");
      var changed = campaigns.changeStatus(id, body.read(ctx, StatusRequest.class).status());
      list.invalidate();
      ctx.json(CampaignResponse.of(changed));
    }, Access.ADMIN);

    routes.get("/promotions/eligibility", ctx -> {
      var caller = Authentication.principal(ctx);
      ctx.json(EligibilityResponse.of(promotions.eligibility(caller.userId(), caller.isAdmin()), promotions.now()));
    }, Access.USER);

    // The original enrolled the caller here on demand; only a real first login enrols, so this only reports.
    routes.post("/promotions/track-first-login", ctx -> {
      var caller = Authentication.principal(ctx);
      ctx.json(EligibilityResponse.tracking(promotions.eligibility(caller.userId(), caller.isAdmin()),
          promotions.now()));
    }, Access.USER);

    routes.get("/promotions/my-promotions", ctx -> {
      Instant now = promotions.now();
      ctx.json(promotions.myPromotions(Authentication.principal(ctx).userId()).stream()
          .map(p -> PromotionResponse.of(p, now)).toList());
    }, Access.USER);

    routes.get("/promotions/my-vouchers", ctx -> {
      Instant now = promotions.now();
      ctx.json(promotions.myVouchers(Authentication.principal(ctx).userId()).stream()
          .map(v -> VoucherResponse.of(v, now)).toList());
    }, Access.USER);

    // The original answers the voucher itself; our message sits beside its fields.
    routes.get("/promotions/vouchers/{code}/validate", ctx -> {
      var voucher = promotions.validate(Authentication.principal(ctx).userId(), ctx.pathParam("code"));
      Instant now = promotions.now();
      ctx.json(new VoucherCheck(VoucherResponse.of(voucher, now), voucher.isValid(now) ? "Voucher can be used"
          : "Voucher is " + voucher.effectiveStatus(now).value()));
    }, Access.USER);
  }
}
