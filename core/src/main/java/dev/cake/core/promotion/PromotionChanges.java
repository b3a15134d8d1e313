package dev.cake.core.promotion;

/**
 * Port: announces, after the change committed, that what a user reads of their promotions changed (an enrolment,
 * a voucher reserved, used, released or expired) or that the campaigns changed (created, paused, resumed, expired).
 * Each transition's owner in core calls it once; every replica's cached views of that user (or of the campaigns) are
 * dropped, this replica's before the call returns, so a user reads their own writes.
 */
public interface PromotionChanges {
  void userChanged(long userId);

  void campaignsChanged();

  /** For processes that keep no views and for tests: announces nothing. */
  PromotionChanges NONE = new PromotionChanges() {
    @Override
    public void userChanged(long userId) {}

    @Override
    public void campaignsChanged() {}
  };
}
