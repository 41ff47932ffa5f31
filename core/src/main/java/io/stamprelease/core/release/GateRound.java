package io.stamprelease.core.release;

import io.stamprelease.core.release.ReleaseState.WavePhase;
import io.stamprelease.core.release.ReleaseState.WaveProgress;
import io.stamprelease.core.steps.GateEnded;
import io.stamprelease.core.steps.stampgate.Approval;
import io.stamprelease.core.steps.stampgate.GateDecision;
import io.stamprelease.core.steps.stampgate.GatePolicy;
import io.stamprelease.core.steps.stampgate.GateState;
import io.stamprelease.core.steps.stampgate.Gates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The gate after a wave: it opens (once; its opening time is kept across runs), asks its {@link GateAnswers} until it
 * closes or nobody else answers now, and saves every answer — a gate that still waits is saved with its answers, so the
 * next person runs the same command. Every answer goes through {@link Gates}' rules; a refused one is noted, not counted.
 */
final class GateRound {
  private final ReleaseContext ctx;
  private final GateAnswers answers;

  GateRound(ReleaseContext ctx, GateAnswers answers) {
    this.ctx = ctx;
    this.answers = answers;
  }

  GateDecision decide(ReleasePlan.Wave wave) {
    ReleasePlan.Gate g = wave.gate();
    GatePolicy policy = g.policy();
    String requester = ctx.store().read(s -> s.requester);
    Instant opened = ctx.store().read(s -> s.waves.get(wave.name()).gateOpened);
    if (opened == null) {
      Instant now = ctx.clock().instant();
      ctx.listener().line("gate of wave " + wave.name() + ": " + g.minApprovals() + " approval(s) of " + String.join(", ", g.approvers())
          + (g.allowRequester() ? "" : "; " + requester + " started the release and may not approve"));
      opened = now;
    }
    Instant gateOpened = opened;
    ctx.store().update(s -> {
      WaveProgress wp = s.waves.get(wave.name());
      wp.gateOpened = gateOpened;
      wp.phase = WavePhase.GATE;
    });
    GateState gs = new GateState(wave.name(), requester, opened, ctx.store().read(s -> List.copyOf(s.waves.get(wave.name()).answers)));
    GateDecision decision;
    if (answers.automatic()) {
      // --auto-approve: recorded as what it is, not as any listed approver
      String who = "auto-approve (" + requester + ")";
      GatePolicy auto = new GatePolicy(Set.of(who), 1, policy.expiry(), true);
      Instant now = ctx.clock().instant();
      gs = Gates.answer(auto, gs, new Approval(who, Set.of(), Approval.Decision.APPROVE, now, "--auto-approve"));
      decision = Gates.decide(auto, gs, now);
    } else {
      decision = Gates.decide(policy, gs, ctx.clock().instant());
      while (!decision.closed()) {
        boolean recorded = false;
        for (Approval a : answers.next(wave.name(), policy, gs)) {
          var refusal = Gates.refusal(policy, gs, a.user(), a.groups(), ctx.clock().instant());
          if (refusal.isPresent()) {
            String note = "gate " + wave.name() + ": answer of " + a.user() + " refused: " + refusal.get();
            ctx.listener().line("gate of wave " + wave.name() + ": answer of " + a.user() + " refused: " + refusal.get());
            ctx.store().update(s -> s.record.note(note));
            continue;
          }
          gs = Gates.answer(policy, gs, a);
          recorded = true;
          ctx.listener().line("gate of wave " + wave.name() + ": " + a.user() + " " + a.decision().name().toLowerCase()
              + (a.comment().isEmpty() ? "" : " (" + a.comment() + ")"));
          decision = Gates.decide(policy, gs, ctx.clock().instant());
          if (decision.closed()) {
            break;
          }
        }
        if (!recorded) {
          break;
        }
      }
    }
    GateState answered = gs;
    GateDecision decided = decision;
    Instant closed = decision.closed() ? ctx.clock().instant() : null;
    ctx.store().update(s -> {
      WaveProgress wp = s.waves.get(wave.name());
      wp.answers = new ArrayList<>(answered.answers());
      if (closed != null) {
        wp.gateClosed = closed;
        wp.gateDecision = decided.status();
      }
      s.record.add(new GateEnded(null, wave.name(), gateOpened, closed, decided.status(), decided.message(), answered.answers()));
    });
    ctx.listener().line("gate of wave " + wave.name() + ": " + decision.status() + " (" + decision.message() + ")");
    return decision;
  }
}
