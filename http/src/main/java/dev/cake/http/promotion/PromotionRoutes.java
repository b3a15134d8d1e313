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
import java.util.LinkedHashMap;

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
      var e = promotions.eligibility(Authentication.principal(ctx).userId());
      Instant now = promotions.now();
      var out = new LinkedHashMap<String, Object>();
      out.put("isEligible", e.eligible());
      out.put("reason", e.reason());
      out.put("activeCampaigns", e.openCampaigns());
      out.put("vouchers", e.usableVouchers().stream().map(v -> VoucherResponse.of(v, now)).toList());
      out.put("promotions", e.promotions().stream().map(p -> PromotionResponse.of(p, now)).toList());
      ctx.json(out);
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

    routes.get("/promotions/vouchers/{code}/validate", ctx -> {
      var voucher = promotions.validate(Authentication.principal(ctx).userId(), ctx.pathParam("code"));
      Instant now = promotions.now();
      var out = new LinkedHashMap<String, Object>();
      out.put("isValid", voucher.isValid(now));
      out.put("message", voucher.isValid(now) ? "Voucher can be used"
          : "Voucher is " + voucher.effectiveStatus(now).value());
      out.put("voucher", VoucherResponse.of(voucher, now));
      ctx.json(out);
    }, Access.USER);
  }
}
