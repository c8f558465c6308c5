"""Each workflow action's input (validated by its serializer) and the one service that performs it.

Pages and the API both run actions through `run_action`, so a rule or an error message exists once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rest_framework import serializers

from complaints import services
from complaints.api import serializers as inputs


@dataclass(frozen=True)
class ActionSpec:
    input: type[serializers.Serializer]
    service: Callable
    creates: bool = False  # returns a new complaint (reopen)


ACTION_SPECS: dict[str, ActionSpec] = {
    "investigate": ActionSpec(inputs.InvestigateInput, services.complaint_investigate),
    "classify": ActionSpec(inputs.ClassifyInput, services.complaint_classify),
    "responsibility": ActionSpec(inputs.ResponsibilityInput, services.complaint_set_responsibility),
    "propose": ActionSpec(inputs.ProposeInput, services.complaint_propose),
    "approve": ActionSpec(inputs.ApproveInput, services.complaint_approve),
    "return": ActionSpec(inputs.ReasonInput, services.complaint_return),
    "reply": ActionSpec(inputs.ReplyInput, services.complaint_reply),
    "inform": ActionSpec(inputs.InformInput, services.complaint_inform),
    "close": ActionSpec(inputs.CloseInput, services.complaint_close),
    "reopen": ActionSpec(inputs.ReopenInput, services.complaint_reopen, creates=True),
    "transfer": ActionSpec(inputs.TransferInput, services.complaint_transfer),
    "add_handler": ActionSpec(inputs.HandlerInput, services.complaint_add_handler),
    "note": ActionSpec(inputs.NoteInput, services.complaint_note),
    "penalty": ActionSpec(inputs.DecisionInput, services.complaint_record_penalty),
    "appeal": ActionSpec(inputs.ReasonInput, services.complaint_appeal),
    "decide": ActionSpec(inputs.DecisionInput, services.complaint_decide),
    "callback": ActionSpec(inputs.CallbackInput, services.complaint_record_callback),
}


def validate_action(name: str, data) -> dict:
    """The validated keyword arguments of the action's service; raises serializers.ValidationError."""
    serializer = ACTION_SPECS[name].input(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def run_action(name: str, *, complaint, actor, data):
    """Validate `data` for action `name` and perform it: returns the complaint (or the new one for reopen)."""
    kwargs = validate_action(name, data)
    result = ACTION_SPECS[name].service(complaint=complaint, actor=actor, **kwargs)
    return result if ACTION_SPECS[name].creates or hasattr(result, "number") else complaint
