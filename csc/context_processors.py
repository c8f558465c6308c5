from csc.navigation import items_for, menus_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_menus": []}
    items = items_for(user)
    return {"nav_items": items, "nav_menus": menus_for(items, request.path)}
